package chokepoint.outbound;

import java.time.Duration;

/**
 * An exchange that the guard, the network or the server turned down; the message is safe to show and log (it never
 * holds a URL's path or query, which may be a secret such as a Slack webhook's).
 */
public class FetchRefused extends Exception {

    private final Integer status;
    private final Duration retryAfter;
    private final boolean permanent;

    public FetchRefused(String message) {
        this(message, null, null, false);
    }

    public FetchRefused(String message, Integer status) {
        this(message, status, null, false);
    }

    /** @param retryAfter what the server asked for in Retry-After (429, 503), or null */
    public FetchRefused(String message, Integer status, Duration retryAfter) {
        this(message, status, retryAfter, false);
    }

    private FetchRefused(String message, Integer status, Duration retryAfter, boolean permanent) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
        this.permanent = permanent;
    }

    /** A refusal that asking again cannot change: the address is not allowed, the URL is not http(s) or malformed. */
    public static FetchRefused permanent(String message) {
        return new FetchRefused(message, null, null, true);
    }

    /** How long the server asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The HTTP status that caused the refusal, when there was one. */
    public Integer status() {
        return status;
    }

    /** True when the request can never succeed as it stands (see {@link #permanent(String)}). */
    public boolean isPermanent() {
        return permanent;
    }
}
