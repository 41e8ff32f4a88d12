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
        assertEquals("2025-19508", entry.nativeId());
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
}
