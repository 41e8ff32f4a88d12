package chokepoint.ingest.feed;

import chokepoint.config.SourceConfig;
import chokepoint.records.Item;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemNormalizerTest {

    private static final SourceConfig SOURCE = new SourceConfig("fr-bis", "rss", "https://x.org/feed", Duration.ofMinutes(15), "US", "en");
    private static final Instant FETCHED = Instant.parse("2025-10-09T12:00:00Z");
    private final ItemNormalizer normalizer = new ItemNormalizer();

    private static FeedEntry rss(String guid, String link, String title, String html, Instant published) {
        return new FeedEntry(null, guid, link, title, html, null, published, null);
    }

    @Test
    void markupIsRemovedAndTrackingParametersDropped() {
        Item item = normalizer.normalize(SOURCE, rss(null, "HTTPS://Example.org/a?id=7&utm_source=rss&fbclid=x#top",
                "<b>Entity</b> List", "<p>Adds <img src=x onerror=alert(1)>29 entities</p>", FETCHED), FETCHED);
        assertEquals("https://example.org/a?id=7", item.url());
        assertEquals("Entity List", item.title());
        assertEquals("Adds 29 entities", item.text());
        assertEquals("US", item.jurisdiction());
        assertEquals("en", item.lang());
    }

    @Test
    void identityFollowsTheLinkBeforeGuidsThatRotate() {
        // GOV.UK's Atom ids carry the update time; some feeds make a new guid at every request.
        Item first = normalizer.normalize(SOURCE, rss("https://www.gov.uk/n#2025-10-01", "https://www.gov.uk/n", "t", "x", null), FETCHED);
        Item updated = normalizer.normalize(SOURCE, rss("https://www.gov.uk/n#2025-10-09", "https://www.gov.uk/n", "t", "x2", null), FETCHED);
        assertEquals(first.id(), updated.id(), "same link, same item: an update");
        assertNotEquals(first.contentHash(), updated.contentHash());
        Item tracked = normalizer.normalize(SOURCE, rss("r1", "https://x.org/a?utm_campaign=1&fbclid=2", "t", "x", null), FETCHED);
        Item plain = normalizer.normalize(SOURCE, rss("r2", "https://x.org/a", "t", "x", null), FETCHED);
        assertEquals(tracked.id(), plain.id(), "tracking parameters and rotating guids do not make a new item");
        Item byGuid = normalizer.normalize(SOURCE, rss("g1", null, "t", "x", null), FETCHED);
        assertEquals(byGuid.id(), normalizer.normalize(SOURCE, rss("g1", null, "t2", "y", null), FETCHED).id(), "no link: the guid");
        Item byContent = normalizer.normalize(SOURCE, rss(null, null, "t", "x", null), FETCHED);
        assertEquals(byContent.id(), normalizer.normalize(SOURCE, rss(null, null, "t", "x", null), FETCHED).id());
    }

    @Test
    void anAdaptersKeyComesFirst() {
        Item a = normalizer.normalize(SOURCE, FeedEntry.keyed("fr:2025-1", "https://x.org/a", "t", "x", null, null), FETCHED);
        Item b = normalizer.normalize(SOURCE, FeedEntry.keyed("fr:2025-1", "https://x.org/b", "t", "x", null, null), FETCHED);
        assertEquals(a.id(), b.id());
    }

    @Test
    void entriesOfOnePollSharingALinkOrAGuidStayApart() {
        List<Item> sharedLink = normalizer.normalizeAll(SOURCE, List.of(
                rss("a", "https://x.org/", "First", "one", null), rss("b", "https://x.org/", "Second", "two", null)), FETCHED);
        assertEquals(2, sharedLink.size());
        assertNotEquals(sharedLink.get(0).id(), sharedLink.get(1).id(), "a feed linking every entry to its home page");
        List<Item> sharedGuid = normalizer.normalizeAll(SOURCE, List.of(
                rss("same", "https://x.org/1", "First", "one", null), rss("same", "https://x.org/2", "Second", "two", null)), FETCHED);
        assertNotEquals(sharedGuid.get(0).id(), sharedGuid.get(1).id(), "two entries sharing a guid are two items");
    }

    @Test
    void theIdBeforeLinksCameFirstIsKnownForUpgrades() {
        FeedEntry entry = rss("g1", "https://x.org/a", "t", "x", null);
        Item item = normalizer.normalize(SOURCE, entry, FETCHED);
        assertNotEquals(item.id(), ItemNormalizer.legacyId(SOURCE, entry));
        assertNull(ItemNormalizer.legacyId(SOURCE, rss(null, "https://x.org/a", "t", "x", null)));
    }

    @Test
    void eurLexLinksLoseTheirDotSegment() {
        assertEquals("https://eur-lex.europa.eu/legal-content/AUTO/?uri=CELEX:32025R2000",
                ItemNormalizer.canonicalLink("https://eur-lex.europa.eu/./legal-content/AUTO/?uri=CELEX:32025R2000"));
    }

    @Test
    void nonHttpLinksAreDroppedAndFutureDatesKeptRaw() {
        Item item = normalizer.normalize(SOURCE, new FeedEntry(null, "g", "javascript:alert(1)", "t", "x", null,
                FETCHED.plus(Duration.ofDays(30)), "Sat, 08 Nov 2025 12:00:00 GMT"), FETCHED);
        assertNull(item.url());
        assertNull(item.published(), "a date next month is not believed");
        assertEquals("Sat, 08 Nov 2025 12:00:00 GMT", item.publishedRaw());
        assertEquals(FETCHED, item.effectiveTime());
    }

    @Test
    void aDateHoursAheadIsNotBelievedEither() {
        // Twelve hours ahead once reached the thresholds and made a breach the broker refused.
        Item item = normalizer.normalize(SOURCE, rss("g", "https://x.org/a", "t", "x", FETCHED.plus(Duration.ofHours(12))), FETCHED);
        assertNull(item.published());
        assertEquals(FETCHED, item.effectiveTime());
        Item skewed = normalizer.normalize(SOURCE, rss("g", "https://x.org/a", "t", "x", FETCHED.plus(Duration.ofMinutes(2))), FETCHED);
        assertEquals(FETCHED.plus(Duration.ofMinutes(2)), skewed.published(), "two minutes of clock skew are tolerated");
    }

    @Test
    void anUnreadableDateKeepsItsRawText() {
        Item item = normalizer.normalize(SOURCE, new FeedEntry(null, "g", "https://x.org/a", "t", "x", null, null, "le 3 brumaire"), FETCHED);
        assertNull(item.published());
        assertEquals("le 3 brumaire", item.publishedRaw());
    }

    @Test
    void hugeTitlesAndTextsAreCutToWhatEveryTopicTakes() {
        String huge = "<p>" + "word ".repeat(700_000) + "</p>";  // 3.5 MB, as a hostile feed sent
        Item item = normalizer.normalize(SOURCE, rss("g", "https://x.org/a", "t".repeat(5_000), huge, null), FETCHED);
        assertEquals(ItemNormalizer.MAX_TITLE_CHARS, item.title().length());
        assertEquals(ItemNormalizer.MAX_TEXT_CHARS, item.text().length());
        assertTrue(item.text().endsWith(ItemNormalizer.CUT_MARK));
    }
}
