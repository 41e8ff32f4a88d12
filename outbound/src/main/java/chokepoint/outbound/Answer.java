package chokepoint.outbound;

import java.time.Duration;

/**
 * A receiver's answer to a request whose outcome the caller judges itself (delivery: 2xx accepted, 4xx permanent,
 * 5xx and 429 retried).
 *
 * @param status     the HTTP status
 * @param retryAfter the Retry-After asked for, capped, or null
 */
public record Answer(int status, Duration retryAfter) {

    public boolean accepted() {
        return status >= 200 && status < 300;
    }
}
