package chokepoint.ingest.feed;

import chokepoint.config.SourceConfig;
import chokepoint.records.Item;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ItemNormalizerTest {

    private static final SourceConfig SOURCE = new SourceConfig("fr-bis", "rss", "https://x.org/feed", Duration.ofMinutes(15), "US", "en");
    private static final Instant FETCHED = Instant.parse("2025-10-09T12:00:00Z");
    private final ItemNormalizer normalizer = new ItemNormalizer();

    @Test
    void markupIsRemovedAndTrackingParametersDropped() {
        Item item = normalizer.normalize(SOURCE, new FeedEntry(null, "HTTPS://Example.org/a?id=7&utm_source=rss&fbclid=x#top",
                "<b>Entity</b> List", "<p>Adds <img src=x onerror=alert(1)>29 entities</p>", null, FETCHED), FETCHED);
        assertEquals("https://example.org/a?id=7", item.url());
        assertEquals("Entity List", item.title());
        assertEquals("Adds 29 entities", item.text());
        assertEquals("US", item.jurisdiction());
        assertEquals("en", item.lang());
    }

    @Test
    void identityFollowsGuidThenLinkThenContent() {
        Item byGuid1 = normalizer.normalize(SOURCE, new FeedEntry("g1", "https://x.org/a", "t", "x", null, null), FETCHED);
        Item byGuid2 = normalizer.normalize(SOURCE, new FeedEntry("g1", "https://x.org/b", "t2", "y", null, null), FETCHED);
        assertEquals(byGuid1.id(), byGuid2.id(), "same guid, same item (an update)");
        assertNotEquals(byGuid1.contentHash(), byGuid2.contentHash());
        Item byLink1 = normalizer.normalize(SOURCE, new FeedEntry(null, "https://x.org/a?utm_campaign=1", "t", "x", null, null), FETCHED);
        Item byLink2 = normalizer.normalize(SOURCE, new FeedEntry(null, "https://x.org/a", "t", "x", null, null), FETCHED);
        assertEquals(byLink1.id(), byLink2.id(), "tracking parameters do not make a new item");
        Item byContent = normalizer.normalize(SOURCE, new FeedEntry(null, null, "t", "x", null, null), FETCHED);
        assertEquals(byContent.id(), normalizer.normalize(SOURCE, new FeedEntry(null, null, "t", "x", null, null), FETCHED).id());
    }

    @Test
    void nonHttpLinksAreDroppedAndFutureDatesKeptRaw() {
        Item item = normalizer.normalize(SOURCE, new FeedEntry("g", "javascript:alert(1)", "t", "x", null,
                FETCHED.plus(Duration.ofDays(30))), FETCHED);
        assertNull(item.url());
        assertNull(item.published(), "a date next month is not believed");
        assertEquals("2025-11-08T12:00:00Z", item.publishedRaw());
        assertEquals(FETCHED, item.effectiveTime());
    }
}
