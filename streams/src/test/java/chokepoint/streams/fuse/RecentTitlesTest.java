package chokepoint.streams.fuse;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecentTitlesTest {

    private static final Instant T0 = Instant.parse("2025-10-09T02:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(3);

    private final RecentTitles titles = new RecentTitles(WINDOW);

    @Test
    void findsANearCopyThroughAnyBandWithinTheWindowOnly() {
        long hash = SimHash.of("China imposes export controls on gallium and germanium");
        titles.remember(new TitlePrint("e1", hash, T0, List.of()));
        // Three bits apart, each in a different band: still found, through the fourth band.
        long near = hash ^ 1L ^ (1L << 16) ^ (1L << 32);
        assertEquals("e1", titles.nearest(near, T0.plus(Duration.ofHours(5)), Set.of()));
        assertNull(titles.nearest(hash ^ 0xF, T0, Set.of()), "four bits apart is another story");
        assertNull(titles.nearest(hash, T0.plus(WINDOW).plusSeconds(1), Set.of()), "the same words after the window");
    }

    @Test
    void titlesThatNameDifferentActsAreDifferentEvents() {
        long hash = SimHash.of("Additions to the Entity List");
        titles.remember(new TitlePrint("e1", hash, T0, List.of("fr:2025-01001")));
        assertNull(titles.nearest(hash, T0, Set.of("fr:2025-02002")));
        assertEquals("e1", titles.nearest(hash, T0, Set.of("fr:2025-01001")));
        assertEquals("e1", titles.nearest(hash, T0, Set.of()));
    }

    @Test
    void anEventsNewPrintReplacesItsOldOne() {
        long first = SimHash.of("Rare earth curbs announced");
        long second = SimHash.of("Completely different words about soybeans and tariffs");
        titles.remember(new TitlePrint("e1", first, T0, List.of()));
        titles.remember(new TitlePrint("e1", second, T0.plusSeconds(60), List.of()));
        assertNull(titles.nearest(first, T0, Set.of()));
        assertEquals("e1", titles.nearest(second, T0, Set.of()));
        assertEquals(1, titles.size());
    }

    @Test
    void printsBehindTheNewestByMoreThanTheWindowAreForgottenOnceAndReported() {
        titles.remember(new TitlePrint("old", SimHash.of("Old story about quotas"), T0, List.of()));
        titles.remember(new TitlePrint("kept", SimHash.of("Kept story about tariffs"), T0.plus(Duration.ofDays(2)), List.of()));
        titles.remember(new TitlePrint("new", SimHash.of("New story about licences"), T0.plus(Duration.ofDays(4)), List.of()));
        List<String> forgotten = new ArrayList<>();
        titles.expire(forgotten::add);
        titles.expire(forgotten::add);
        assertEquals(List.of("old"), forgotten);
        assertEquals(2, titles.size());
        assertNull(titles.nearest(SimHash.of("Old story about quotas"), T0, Set.of()));
    }

    @Test
    void aHeadlinePublishedEveryDayKeepsABoundedBand() {
        long hash = SimHash.of("Daily notice");
        for (int n = 0; n < 1_000; n++) {
            titles.remember(new TitlePrint("e" + n, hash, T0.plusSeconds(n), List.of("fr:" + n)));
        }
        // The newest still matches; the band's oldest fell out of it.
        assertEquals("e999", titles.nearest(hash, T0.plusSeconds(999), Set.of("fr:999")));
        assertNull(titles.nearest(hash, T0, Set.of("fr:0")));
    }
}
