package chokepoint.ingest.fetch;

/** A fetch that the guard or the server turned down; the message is safe to show and log. */
public class FetchRefused extends Exception {

    private final Integer status;
    private final java.time.Duration retryAfter;

    public FetchRefused(String message) {
        this(message, null, null);
    }

    public FetchRefused(String message, Integer status) {
        this(message, status, null);
    }

    /** @param retryAfter what the server asked for in Retry-After (429, 503), or null */
    public FetchRefused(String message, Integer status, java.time.Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** How long the server asked us to wait, or null. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    /** The HTTP status that caused the refusal, when there was one. */
    public Integer status() {
        return status;
    }
}
