package chokepoint.ingest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollScheduleTest {

    private static final Duration FIFTEEN = Duration.ofMinutes(15);

    @Test
    void aHealthySourceKeepsItsInterval() {
        assertEquals(FIFTEEN, PollSchedule.next(FIFTEEN, 0, null, new Random(1)));
    }

    @Test
    void failuresDoubleTheWaitWithJitterUpToSixHours() {
        Random random = new Random(1);
        for (int failures = 1; failures <= 12; failures++) {
            Duration expected = FIFTEEN.multipliedBy(1L << Math.min(failures - 1, 5));
            if (expected.compareTo(PollSchedule.MAX_BACKOFF) > 0) {
                expected = PollSchedule.MAX_BACKOFF;
            }
            Duration next = PollSchedule.next(FIFTEEN, failures, null, random);
            assertTrue(next.toMillis() >= expected.toMillis() * 0.8 && next.toMillis() <= expected.toMillis() * 1.2,
                    failures + " failures: " + next + " around " + expected);
        }
    }

    @Test
    void retryAfterIsNeverCutShort() {
        Duration next = PollSchedule.next(Duration.ofSeconds(30), 1, Duration.ofMinutes(10), new Random(1));
        assertEquals(Duration.ofMinutes(10), next);
    }
}
