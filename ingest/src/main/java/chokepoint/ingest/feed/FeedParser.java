package chokepoint.ingest.feed;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Parses RSS 0.9x/1.0/2.0 and Atom with Rome. Rome refuses DOCTYPE declarations by default, which is what keeps
 * XXE and entity-expansion bombs out; this class never turns that on.
 */
public final class FeedParser {

    /** Parse failures carry a message fit for the source-health panel. */
    public static final class InvalidFeed extends Exception {
        public InvalidFeed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public List<FeedEntry> parse(byte[] body, String contentType) throws InvalidFeed {
        SyndFeed feed = read(body, contentType);
        List<FeedEntry> entries = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
            entries.add(new FeedEntry(blankToNull(entry.getUri()), blankToNull(entry.getLink()), entry.getTitle(),
                    bodyOf(entry), blankToNull(feed.getLanguage()), date == null ? null : date.toInstant()));
        }
        return entries;
    }

    /** Rome's view of the whole feed, read the way {@link #parse} reads it; for the conformance harness. */
    SyndFeed read(byte[] body, String contentType) throws InvalidFeed {
        SyndFeed feed;
        try (XmlReader reader = contentType == null
                ? new XmlReader(new ByteArrayInputStream(body))
                : new XmlReader(new ByteArrayInputStream(body), contentType, true)) {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            feed = input.build(reader);
        } catch (FeedException | IOException | IllegalArgumentException e) {
            throw new InvalidFeed("not a readable RSS/Atom feed: " + e.getMessage(), e);
        }
        return feed;
    }

    private static String bodyOf(SyndEntry entry) {
        StringBuilder html = new StringBuilder();
        if (entry.getDescription() != null && entry.getDescription().getValue() != null) {
            html.append(entry.getDescription().getValue());
        }
        for (SyndContent content : entry.getContents()) {
            if (content.getValue() != null && !content.getValue().equals(html.toString())) {
                html.append(html.isEmpty() ? "" : "\n").append(content.getValue());
            }
        }
        return html.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
