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
    private boolean nameNotFound;

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

    /** The host's name did not resolve (a site whose name was withdrawn, as feeds.rijksoverheid.nl in 2026). */
    public static FetchRefused nameNotFound(String host) {
        FetchRefused refused = new FetchRefused("the name " + host + " does not resolve (no such host)");
        refused.nameNotFound = true;
        return refused;
    }

    /** Whether the host's name did not resolve: the address may be gone, not the network. */
    public boolean isNameNotFound() {
        return nameNotFound;
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
