package chokepoint.records;

/**
 * A query of state that this process does not have ready (a Streams application still restoring or rebalancing,
 * a store held by another instance): the API answers 503 with Retry-After, and the caller asks again shortly.
 */
public final class NotReadyYet extends RuntimeException {

    public NotReadyYet(String message, Throwable cause) {
        super(message, cause);
    }
}
