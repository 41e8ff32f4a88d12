package chokepoint.outbound;

import java.time.Duration;

/**
 * A receiver's answer to a request whose outcome the caller judges itself (delivery: 2xx accepted, 4xx permanent,
 * 5xx and 429 retried).
 *
 * @param status       the HTTP status
 * @param retryAfter   the Retry-After asked for, capped, or null
 * @param redirectHost for a 3xx, the host its Location names (never its path or query, which may be a secret), or
 *                     null
 */
public record Answer(int status, Duration retryAfter, String redirectHost) {

    public Answer(int status, Duration retryAfter) {
        this(status, retryAfter, null);
    }

    public boolean accepted() {
        return status >= 200 && status < 300;
    }
}
