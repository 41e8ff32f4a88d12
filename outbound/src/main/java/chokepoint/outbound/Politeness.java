package chokepoint.outbound;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one request per host per {@code delay}: several sources on one government site (the Federal Register's
 * agencies, GOV.UK's organisations) are polled one after the other, not in a burst.
 */
final class Politeness {

    private final long delayNanos;
    private final Map<String, Long> nextAllowed = new ConcurrentHashMap<>();

    Politeness(Duration delay) {
        this.delayNanos = delay.toNanos();
    }

    /** Waits for the host's turn, but not past the fetch's deadline. */
    void await(String host, long deadlineNanos) throws FetchRefused {
        String key = host.toLowerCase(Locale.ROOT);
        long now = System.nanoTime();
        // Reserve the next slot atomically so that two threads do not both take the same one.
        long slot = nextAllowed.merge(key, now + delayNanos, (previous, ignored) -> Math.max(previous, now) + delayNanos) - delayNanos;
        long wait = slot - now;
        if (wait <= 0) {
            return;
        }
        if (now + wait > deadlineNanos) {
            throw new FetchRefused("fetch deadline passed while waiting for our turn at " + host);
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchRefused("interrupted");
        }
    }
}
