package chokepoint.ingest.feed;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Google News sitemap ({@code <url><loc>}, {@code <news:news>} with {@code news:publication_date} and
 * {@code news:title}): what Rijksoverheid publishes since its topic feeds went away. Each {@code <url>} is an entry known
 * by its link, titled and dated as the sitemap says. Jsoup's XML parser reads no doctype and fetches nothing.
 */
public final class NewsSitemap {

    private NewsSitemap() {
    }

    public static List<FeedEntry> parse(byte[] body, String contentType) throws FeedParser.InvalidFeed {
        Document document;
        try {
            document = Jsoup.parse(new ByteArrayInputStream(body), null, "", Parser.xmlParser());
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes already in memory", e);
        }
        if (document.selectFirst("urlset") == null) {
            String start = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8).strip().toLowerCase();
            throw new FeedParser.InvalidFeed(start.contains("<html") || start.startsWith("<!doctype html")
                    ? "the site answered with an HTML page where a sitemap was expected (a bot challenge or an error page?)"
                    : "not a sitemap: no <urlset>", null);
        }
        List<FeedEntry> entries = new ArrayList<>();
        for (Element url : document.select("urlset > url")) {
            Element loc = url.selectFirst("loc");
            if (loc == null || loc.text().isBlank()) {
                continue;
            }
            Element title = url.selectFirst("news|title");
            Element date = url.selectFirst("news|publication_date");
            Element language = url.selectFirst("news|language");
            String raw = date == null ? null : date.text().strip();
            entries.add(new FeedEntry(null, null, loc.text().strip(), title == null ? "" : title.text().strip(), "",
                    language == null ? null : language.text().strip(), instant(raw), raw));
        }
        return entries;
    }

    private static Instant instant(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            return SourceDates.parse(raw, java.time.ZoneOffset.UTC);
        }
    }
}
