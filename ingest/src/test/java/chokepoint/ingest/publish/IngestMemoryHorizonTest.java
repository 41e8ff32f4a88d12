package chokepoint.ingest.publish;

import chokepoint.topics.Topics;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingest's memory is bounded by the horizon: 60 simulated days of 10,000 new items a day hold the marks of the last
 * 30 days once the horizon is reached, not of every day; an item its source keeps listing is renewed and stays known.
 * The heap after each day (after a collection) is printed beside the count; the count is what is asserted.
 */
class IngestMemoryHorizonTest {

    /** A clock the test moves. */
    static final class Moving extends Clock {
        Instant now;

        Moving(Instant start) {
            now = start;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void marksOfTheLastThirtyDaysOnlyAndStillListedItemsRenewed() {
        Moving clock = new Moving(Instant.parse("2026-01-01T00:00:00Z"));
        IngestMemory memory = new IngestMemory(clock);
        int perDay = 10_000;
        long horizonDays = Topics.SEEN_HORIZON.toDays();
        List<Integer> counts = new ArrayList<>();
        memory.remember("law-on-export-control", "h-law", 0);
        for (int day = 0; day < 60; day++) {
            for (int n = 0; n < perDay; n++) {
                memory.remember("item-" + day + "-" + n, "h" + n, 0);
            }
            // The listing page of laws shows the same document every day.
            assertTrue(memory.alreadyPublished("law-on-export-control", "h-law"), "day " + day);
            memory.noteSeenAgain("law-on-export-control");
            for (Map.Entry<String, IngestMemory.Mark> renewal : memory.drainRenewals()) {
                memory.remember(renewal.getKey(), renewal.getValue().contentHash(), renewal.getValue().partition());
            }
            clock.now = clock.now.plus(Duration.ofDays(1));
            memory.forgetPastHorizon();
            counts.add(memory.seenCount());
            Runtime runtime = Runtime.getRuntime();
            System.gc();  // the heap in use after a collection, to print beside the count
            System.out.printf("day %2d: %,7d marks, heap in use %,d MB%n", day + 1, memory.seenCount(),
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20);
        }
        int atHorizon = counts.get((int) horizonDays);
        int last = counts.get(counts.size() - 1);
        assertTrue(Math.abs(last - atHorizon) <= perDay, "flat past the horizon: " + atHorizon + " then " + last);
        assertTrue(last <= (horizonDays + 1) * perDay + 1, "the last 30 days only: " + last);
        assertTrue(memory.knows("law-on-export-control"), "a document still listed is never forgotten");
        assertFalse(memory.knows("item-0-0"), "an item of the first day is forgotten after the horizon");
        assertEquals(30, horizonDays);
    }
}
