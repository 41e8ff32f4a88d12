package chokepoint.streams.fuse;

import chokepoint.records.Indicator;
import chokepoint.records.Measure;
import chokepoint.records.SourceRef;
import chokepoint.records.Stage;
import chokepoint.topics.Topics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An event is one record rewritten at every copy: a story copied thousands of times keeps it far under Kafka's 1 MB
 * record limit, listing the first reports and the latest.
 */
class EventSizeTest {

    private static final Instant START = Instant.parse("2026-10-09T03:00:00Z");

    @Test
    void aStoryCopiedTwoThousandTimesKeepsItsFirstAndLatestSourcesInABoundedRecord() {
        Indicator event = copy(0);
        for (int n = 1; n < 2_000; n++) {
            Indicator copy = copy(n);
            event = FuseProcessor.merge(event, copy, copy.sources().get(0));
        }
        List<SourceRef> sources = event.sources();
        assertEquals(FuseProcessor.MAX_SOURCES, sources.size());
        assertEquals("news-0", sources.get(0).itemId(), "who broke the story stays");
        assertEquals("news-1999", sources.get(sources.size() - 1).itemId(), "the latest report is there");
        assertEquals(START, event.occurredAt(), "dated by its first report");
        int bytes = Topics.INDICATORS.valueSerde().serializer().serialize(Topics.INDICATORS.name(), event).length;
        assertTrue(bytes < 200_000, "the event's record is " + bytes + " bytes");
    }

    /** The n-th wire copy of one story, from a feed of its own, a minute after the one before. */
    private static Indicator copy(int n) {
        Instant at = START.plusSeconds(60L * n);
        String url = "https://news.example.org/world/asia/2026/10/09/china-export-controls-rare-earths-story-" + n;
        String title = "China tightens export controls on rare earth technologies and equipment, copy " + n;
        SourceRef source = new SourceRef("wire-feed-" + n, "news-" + n, url, title, at);
        return new Indicator("news-" + n, "news-" + n, "wire-feed-" + n, "rss", url, title, Measure.EXPORT_CONTROL,
                Stage.IMPOSED, "CN", List.of(), List.of(), List.of(), List.of(), List.of(), 6, List.of(), List.of(), "v1",
                List.of(source), at, at);
    }
}
