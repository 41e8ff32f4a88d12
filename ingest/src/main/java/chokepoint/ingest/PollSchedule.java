package chokepoint.ingest;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to poll a source next: its interval while it answers; after failures, the interval doubled per
 * consecutive failure up to six hours, never sooner than the server's Retry-After; with ±20% jitter, so that
 * sources that failed together do not come back together.
 */
final class PollSchedule {

    static final Duration MAX_BACKOFF = Duration.ofHours(6);

    private PollSchedule() {
    }

    static Duration next(Duration interval, int consecutiveFailures, Duration retryAfter, RandomGenerator random) {
        if (consecutiveFailures <= 0 && retryAfter == null) {
            return interval;
        }
        Duration backoff = interval;
        for (int i = 1; i < consecutiveFailures && backoff.compareTo(MAX_BACKOFF) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        double jitter = 0.8 + 0.4 * random.nextDouble();
        Duration jittered = Duration.ofMillis((long) (backoff.toMillis() * jitter));
        return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }
}
