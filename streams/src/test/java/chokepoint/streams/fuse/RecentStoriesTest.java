package chokepoint.streams.fuse;

import chokepoint.records.Measure;
import chokepoint.records.Stage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecentStoriesTest {

    private static final Instant T0 = Instant.parse("2025-10-09T02:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(3);

    private static StoryPrint print(String event, String item, long title, long lead, Instant at, List<String> references) {
        return new StoryPrint(event, item, title, lead, SimHash.NONE, Measure.NONE, null, at, references);
    }

    private static StoryPrint probe(long title, long lead, Instant at, List<String> references) {
        return print(null, "probe", title, lead, at, references);
    }

    private final RecentStories stories = new RecentStories(WINDOW, 1_000);

    @Test
    void findsANearCopyThroughAnyBandWithinTheWindowOnly() {
        long hash = SimHash.of("China imposes export controls on gallium and germanium");
        stories.remember(print("e1", "e1", hash, SimHash.NONE, T0, List.of()));
        // Three bits apart, each in a different band: still found, through the fourth band.
        long near = hash ^ 1L ^ (1L << 16) ^ (1L << 32);
        assertEquals("e1", stories.nearest(probe(near, SimHash.NONE, T0.plus(Duration.ofHours(5)), List.of())));
        assertNull(stories.nearest(probe(hash ^ 0xF, SimHash.NONE, T0, List.of())), "four bits apart is another story");
        assertNull(stories.nearest(probe(hash, SimHash.NONE, T0.plus(WINDOW).plusSeconds(1), List.of())), "the same words after the window");
    }

    @Test
    void titlesThatNameDifferentActsAreDifferentEvents() {
        long hash = SimHash.of("Additions to the Entity List");
        stories.remember(print("e1", "e1", hash, SimHash.NONE, T0, List.of("fr:2025-01001")));
        assertNull(stories.nearest(probe(hash, SimHash.NONE, T0, List.of("fr:2025-02002"))));
        assertEquals("e1", stories.nearest(probe(hash, SimHash.NONE, T0, List.of("fr:2025-01001"))));
        assertEquals("e1", stories.nearest(probe(hash, SimHash.NONE, T0, List.of())));
    }

    @Test
    void aCopysNewPrintReplacesItsOldOneButEveryCopyOfAnEventCounts() {
        long first = SimHash.of("Rare earth curbs announced");
        long second = SimHash.of("Completely different words about soybeans and tariffs");
        stories.remember(print("e1", "e1", first, SimHash.NONE, T0, List.of()));
        stories.remember(print("e1", "e1", second, SimHash.NONE, T0.plusSeconds(60), List.of()));
        assertNull(stories.nearest(probe(first, SimHash.NONE, T0, List.of())));
        assertEquals("e1", stories.nearest(probe(second, SimHash.NONE, T0, List.of())));
        assertEquals(1, stories.size());
        // Another copy of the same event, under its own title: the event is found by either.
        long english = SimHash.of("MOFCOM Announcement on export controls of rare earth items");
        stories.remember(print("e1", "e1-en", english, SimHash.NONE, T0.plusSeconds(120), List.of()));
        assertEquals("e1", stories.nearest(probe(second, SimHash.NONE, T0, List.of())));
        assertEquals("e1", stories.nearest(probe(english, SimHash.NONE, T0, List.of())));
        assertEquals(2, stories.size());
    }

    @Test
    void printsBehindTheNewestByMoreThanTheWindowAreForgottenOnceAndReported() {
        stories.remember(print("old", "old", SimHash.of("Old story about quotas"), SimHash.NONE, T0, List.of()));
        stories.remember(print("kept", "kept", SimHash.of("Kept story about tariffs"), SimHash.NONE, T0.plus(Duration.ofDays(2)), List.of()));
        stories.remember(print("new", "new", SimHash.of("New story about licences"), SimHash.NONE, T0.plus(Duration.ofDays(4)), List.of()));
        List<String> forgotten = new ArrayList<>();
        stories.expire(forgotten::add);
        stories.expire(forgotten::add);
        assertEquals(List.of("old"), forgotten);
        assertEquals(2, stories.size());
        assertNull(stories.nearest(probe(SimHash.of("Old story about quotas"), SimHash.NONE, T0, List.of())));
    }

    @Test
    void aRetitledCopyIsFoundByItsLeadAndAStoryWithoutALeadIsNot() {
        String wire = "BEIJING, Oct 9 (Reuters) - China on Thursday sharply expanded its rare earths export controls, adding "
                + "five new elements and extra scrutiny for users in the chip industry, as Beijing tightens its grip on the sector";
        long lead = SimHash.ofLead(wire);
        stories.remember(print("wire", "wire", SimHash.of("China expands rare earth export controls"), lead, T0, List.of()));
        long otherTitle = SimHash.of("Beijing tightens its grip on critical minerals");
        assertEquals("wire", stories.nearest(probe(otherTitle, SimHash.ofLead(wire + " ahead of talks."), T0.plusSeconds(600), List.of())));
        assertNull(stories.nearest(probe(otherTitle, SimHash.NONE, T0, List.of())), "no lead, and the titles differ");
        assertNull(stories.nearest(probe(otherTitle, lead ^ 1L, T0, List.of())), "leads must be equal: templates differ by a few bits");
        assertEquals(SimHash.NONE, SimHash.ofLead("Too short to be a lead."));
    }

    @Test
    void beyondItsCapacityTheOldestPrintsFallOutEvenInsideTheWindow() {
        RecentStories small = new RecentStories(WINDOW, 2);
        small.remember(print("a", "a", SimHash.of("First story about quotas"), SimHash.NONE, T0, List.of()));
        small.remember(print("b", "b", SimHash.of("Second story about tariffs"), SimHash.NONE, T0.plusSeconds(1), List.of()));
        small.remember(print("c", "c", SimHash.of("Third story about licences"), SimHash.NONE, T0.plusSeconds(2), List.of()));
        List<String> forgotten = new ArrayList<>();
        small.expire(forgotten::add);
        assertEquals(List.of("a"), forgotten);
        assertEquals(2, small.size());
    }

    @Test
    void alikeHeadlinesWithOtherNumbersOrAnotherReadingAreOtherStories() {
        String title = "China raises tariffs on US goods to 34%";
        stories.remember(new StoryPrint("e34", "e34", SimHash.of(title), SimHash.NONE, SimHash.numbers(title), Measure.TARIFF,
                Stage.IMPOSED, T0, List.of()));
        String escalation = "China raises tariffs on US goods to 84%";
        assertNull(stories.nearest(new StoryPrint(null, "p", SimHash.of(escalation), SimHash.NONE, SimHash.numbers(escalation),
                Measure.TARIFF, Stage.IMPOSED, T0.plus(Duration.ofDays(2)), List.of())), "the escalation is news, not a copy");
        String copy = "China raises tariffs on US goods to 34%.";
        assertEquals("e34", stories.nearest(new StoryPrint(null, "p", SimHash.of(copy), SimHash.NONE, SimHash.numbers(copy),
                Measure.TARIFF, Stage.IMPOSED, T0.plusSeconds(600), List.of())));
        assertNull(stories.nearest(new StoryPrint(null, "p", SimHash.of(copy), SimHash.NONE, SimHash.numbers(copy),
                Measure.TARIFF, Stage.EASED, T0.plusSeconds(600), List.of())), "read as easing, it is another story");
        assertEquals(SimHash.numbers("Tariffs to 34% on 12 goods"), SimHash.numbers("12 goods: tariffs to 34%"));
        assertEquals(SimHash.NONE, SimHash.numbers("China raises tariffs"));
    }

    @Test
    void aHeadlinePublishedEveryDayKeepsABoundedBand() {
        long hash = SimHash.of("Daily notice");
        for (int n = 0; n < 1_000; n++) {
            stories.remember(print("e" + n, "e" + n, hash, SimHash.NONE, T0.plusSeconds(n), List.of("fr:" + n)));
        }
        // The newest still matches; the band's oldest fell out of it.
        assertEquals("e999", stories.nearest(probe(hash, SimHash.NONE, T0.plusSeconds(999), List.of("fr:999"))));
        assertNull(stories.nearest(probe(hash, SimHash.NONE, T0, List.of("fr:0"))));
    }
}
