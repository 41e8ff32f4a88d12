package chokepoint.ingest.feed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedParserTest {

    private static final Path CORPORA = Path.of("../../shared/corpora/feeds");
    private final FeedParser parser = new FeedParser();

    @Test
    void realWorldFeedsParseOrFailCleanly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(CORPORA),
                "skipped: the feed corpora (../shared/corpora/feeds) are not beside this checkout");
        int files = 0;
        int parsed = 0;
        int entries = 0;
        try (Stream<Path> paths = Stream.concat(Files.list(CORPORA.resolve("rss-parser/test/input")),
                Files.list(CORPORA.resolve("news-rss-from-code")))) {
            for (Path file : paths.filter(p -> !p.toString().endsWith(".jsonl")).toList()) {
                files++;
                try {
                    entries += parser.parse(Files.readAllBytes(file), null).size();
                    parsed++;
                } catch (FeedParser.InvalidFeed e) {
                    // A clear, per-feed error is the expected outcome for a broken file.
                    assertTrue(e.getMessage().startsWith("not a readable RSS/Atom feed"), e.getMessage());
                }
            }
        }
        System.out.printf("feed samples: %d files, %d parsed, %d entries%n", files, parsed, entries);
        assertTrue(parsed >= files * 8 / 10, parsed + " of " + files + " parsed");
        assertTrue(entries > 100, "entries: " + entries);
    }

    @Test
    void entriesCarryTitleLinkGuidAndDate() throws Exception {
        String rss = """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>t</title><link>https://x.org/</link><description>d</description>
                <language>en</language>
                <item><title>Entity List additions</title><link>https://x.org/a?utm_source=rss</link>
                <guid isPermaLink="false">2025-19508</guid><description>&lt;p&gt;Adds &lt;b&gt;29&lt;/b&gt; entities&lt;/p&gt;</description>
                <pubDate>Thu, 09 Oct 2025 12:00:00 GMT</pubDate></item>
                </channel></rss>""";
        List<FeedEntry> entries = parser.parse(rss.getBytes(StandardCharsets.UTF_8), "application/rss+xml");
        assertEquals(1, entries.size());
        FeedEntry entry = entries.get(0);
        assertEquals("Entity List additions", entry.title());
        assertEquals("2025-19508", entry.guid());
        assertEquals("en", entry.lang());
        assertEquals("2025-10-09T12:00:00Z", entry.published().toString());
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <rss version="2.0"><channel><title>&x;</title><link>https://x.org/</link><description>d</description></channel></rss>""";
        assertThrows(FeedParser.InvalidFeed.class, () -> parser.parse(xxe.getBytes(StandardCharsets.UTF_8), null));
    }

    @Test
    void htmlInsteadOfAFeedIsAnErrorForThatFeedOnly() {
        assertThrows(FeedParser.InvalidFeed.class,
                () -> parser.parse("<html><body>Access denied</body></html>".getBytes(StandardCharsets.UTF_8), "text/html"));
    }

    private static String rss(String item) {
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>https://x.org/</link>"
                + "<description>d</description>" + item + "</channel></rss>";
    }

    @Test
    void xhtmlNestedDeeperThanAnyFeedIsThisFeedsErrorNotAStackOverflow() {
        String deep = "<div>".repeat(60_000) + "x" + "</div>".repeat(60_000);
        String atom = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>urn:t</id>"
                + "<updated>2025-10-09T00:00:00Z</updated><entry><title>e</title><id>urn:e</id><updated>2025-10-09T00:00:00Z</updated>"
                + "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">" + deep + "</div></content></entry></feed>";
        FeedParser.InvalidFeed refused = assertThrows(FeedParser.InvalidFeed.class,
                () -> parser.parse(atom.getBytes(StandardCharsets.UTF_8), null));
        assertTrue(refused.getMessage().contains("nested deeper"), refused.getMessage());
    }

    @Test
    void datesBefore1970AreKeptAndImpossibleOnesKeepTheirRawText() throws Exception {
        List<FeedEntry> entries = parser.parse(rss(
                "<item><title>a</title><link>https://x.org/a</link><pubDate>Tue, 31 Dec 1969 23:59:59 GMT</pubDate></item>"
                + "<item><title>b</title><link>https://x.org/b</link><pubDate>2025-13-45</pubDate></item>"
                + "<item><title>c</title><link>https://x.org/c</link><pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate></item>"
                + "<item><title>d</title><link>https://x.org/d</link><pubDate>the day after tomorrow</pubDate></item>")
                .getBytes(StandardCharsets.UTF_8), null);
        assertEquals(java.time.Instant.parse("1969-12-31T23:59:59Z"), entries.get(0).published());
        assertEquals(null, entries.get(1).published(), "2025-13-45 is no day, not 14 February 2026");
        assertEquals("2025-13-45", entries.get(1).publishedRaw());
        assertEquals(null, entries.get(2).published(), "year 1 is a mistake");
        assertEquals("Mon, 01 Jan 0001 00:00:00 GMT", entries.get(2).publishedRaw());
        assertEquals(null, entries.get(3).published());
        assertEquals("the day after tomorrow", entries.get(3).publishedRaw());
    }
}
