package chokepoint.streams.fuse;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecentStoriesTest {

    private static final Instant T0 = Instant.parse("2025-10-09T02:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(3);

    private final RecentStories stories = new RecentStories(WINDOW, 1_000);

    @Test
    void findsANearCopyThroughAnyBandWithinTheWindowOnly() {
        long hash = SimHash.of("China imposes export controls on gallium and germanium");
        stories.remember(new StoryPrint("e1", "e1", hash, SimHash.NONE, T0, List.of()));
        // Three bits apart, each in a different band: still found, through the fourth band.
        long near = hash ^ 1L ^ (1L << 16) ^ (1L << 32);
        assertEquals("e1", stories.nearest(near, SimHash.NONE, T0.plus(Duration.ofHours(5)), Set.of()));
        assertNull(stories.nearest(hash ^ 0xF, SimHash.NONE, T0, Set.of()), "four bits apart is another story");
        assertNull(stories.nearest(hash, SimHash.NONE, T0.plus(WINDOW).plusSeconds(1), Set.of()), "the same words after the window");
    }

    @Test
    void titlesThatNameDifferentActsAreDifferentEvents() {
        long hash = SimHash.of("Additions to the Entity List");
        stories.remember(new StoryPrint("e1", "e1", hash, SimHash.NONE, T0, List.of("fr:2025-01001")));
        assertNull(stories.nearest(hash, SimHash.NONE, T0, Set.of("fr:2025-02002")));
        assertEquals("e1", stories.nearest(hash, SimHash.NONE, T0, Set.of("fr:2025-01001")));
        assertEquals("e1", stories.nearest(hash, SimHash.NONE, T0, Set.of()));
    }

    @Test
    void aCopysNewPrintReplacesItsOldOneButEveryCopyOfAnEventCounts() {
        long first = SimHash.of("Rare earth curbs announced");
        long second = SimHash.of("Completely different words about soybeans and tariffs");
        stories.remember(new StoryPrint("e1", "e1", first, SimHash.NONE, T0, List.of()));
        stories.remember(new StoryPrint("e1", "e1", second, SimHash.NONE, T0.plusSeconds(60), List.of()));
        assertNull(stories.nearest(first, SimHash.NONE, T0, Set.of()));
        assertEquals("e1", stories.nearest(second, SimHash.NONE, T0, Set.of()));
        assertEquals(1, stories.size());
        // Another copy of the same event, under its own title: the event is found by either.
        long english = SimHash.of("MOFCOM Announcement on export controls of rare earth items");
        stories.remember(new StoryPrint("e1", "e1-en", english, SimHash.NONE, T0.plusSeconds(120), List.of()));
        assertEquals("e1", stories.nearest(second, SimHash.NONE, T0, Set.of()));
        assertEquals("e1", stories.nearest(english, SimHash.NONE, T0, Set.of()));
        assertEquals(2, stories.size());
    }

    @Test
    void printsBehindTheNewestByMoreThanTheWindowAreForgottenOnceAndReported() {
        stories.remember(new StoryPrint("old", "old", SimHash.of("Old story about quotas"), SimHash.NONE, T0, List.of()));
        stories.remember(new StoryPrint("kept", "kept", SimHash.of("Kept story about tariffs"), SimHash.NONE, T0.plus(Duration.ofDays(2)), List.of()));
        stories.remember(new StoryPrint("new", "new", SimHash.of("New story about licences"), SimHash.NONE, T0.plus(Duration.ofDays(4)), List.of()));
        List<String> forgotten = new ArrayList<>();
        stories.expire(forgotten::add);
        stories.expire(forgotten::add);
        assertEquals(List.of("old"), forgotten);
        assertEquals(2, stories.size());
        assertNull(stories.nearest(SimHash.of("Old story about quotas"), SimHash.NONE, T0, Set.of()));
    }

    @Test
    void aRetitledCopyIsFoundByItsLeadAndAStoryWithoutALeadIsNot() {
        String wire = "BEIJING, Oct 9 (Reuters) - China on Thursday sharply expanded its rare earths export controls, adding "
                + "five new elements and extra scrutiny for users in the chip industry, as Beijing tightens its grip on the sector";
        long lead = SimHash.ofLead(wire);
        stories.remember(new StoryPrint("wire", "wire", SimHash.of("China expands rare earth export controls"), lead, T0, List.of()));
        long otherTitle = SimHash.of("Beijing tightens its grip on critical minerals");
        assertEquals("wire", stories.nearest(otherTitle, SimHash.ofLead(wire + " ahead of talks."), T0.plusSeconds(600), Set.of()));
        assertNull(stories.nearest(otherTitle, SimHash.NONE, T0, Set.of()), "no lead, and the titles differ");
        assertNull(stories.nearest(otherTitle, lead ^ 1L, T0, Set.of()), "leads must be equal: templates differ by a few bits");
        assertEquals(SimHash.NONE, SimHash.ofLead("Too short to be a lead."));
    }

    @Test
    void beyondItsCapacityTheOldestPrintsFallOutEvenInsideTheWindow() {
        RecentStories small = new RecentStories(WINDOW, 2);
        small.remember(new StoryPrint("a", "a", SimHash.of("First story about quotas"), SimHash.NONE, T0, List.of()));
        small.remember(new StoryPrint("b", "b", SimHash.of("Second story about tariffs"), SimHash.NONE, T0.plusSeconds(1), List.of()));
        small.remember(new StoryPrint("c", "c", SimHash.of("Third story about licences"), SimHash.NONE, T0.plusSeconds(2), List.of()));
        List<String> forgotten = new ArrayList<>();
        small.expire(forgotten::add);
        assertEquals(List.of("a"), forgotten);
        assertEquals(2, small.size());
    }

    @Test
    void aHeadlinePublishedEveryDayKeepsABoundedBand() {
        long hash = SimHash.of("Daily notice");
        for (int n = 0; n < 1_000; n++) {
            stories.remember(new StoryPrint("e" + n, "e" + n, hash, SimHash.NONE, T0.plusSeconds(n), List.of("fr:" + n)));
        }
        // The newest still matches; the band's oldest fell out of it.
        assertEquals("e999", stories.nearest(hash, SimHash.NONE, T0.plusSeconds(999), Set.of("fr:999")));
        assertNull(stories.nearest(hash, SimHash.NONE, T0, Set.of("fr:0")));
    }
}
