package chokepoint.ingest.feed;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.XmlReader;
import com.rometools.rome.io.impl.XmlFixerReader;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Parses RSS 0.9x/1.0/2.0 and Atom with Rome. Rome refuses DOCTYPE declarations by default, which is what keeps
 * XXE and entity-expansion bombs out; this class never turns that on. The XML is read into a document first, so
 * that what Rome would choke on is refused as this feed's error (elements nested deeper than {@link #MAX_DEPTH}:
 * Rome writes xhtml content out recursively and a 60,000-deep entry overflowed the stack) and so that a date Rome
 * cannot read keeps the text the feed wrote.
 */
public final class FeedParser {

    /** Real feeds nest a few dozen levels at most, xhtml content included. */
    static final int MAX_DEPTH = 256;
    private static final Set<String> DATE_ELEMENTS = Set.of("pubDate", "published", "issued", "date", "created", "updated", "modified");

    /** Parse failures carry a message fit for the source-health panel. */
    public static final class InvalidFeed extends Exception {
        public InvalidFeed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Rome's reader, with its SAX builder (doctypes refused) opened to this class. */
    private static final class Input extends WireFeedInput {
        Document document(Reader reader) throws JDOMException, IOException {
            return createSAXBuilder().build(new XmlFixerReader(reader));
        }
    }

    public List<FeedEntry> parse(byte[] body, String contentType) throws InvalidFeed {
        refuseHtml(body);
        Input input = new Input();
        Document document = document(input, body, contentType);
        SyndFeed feed = build(input, document);
        List<String> rawDates = rawDates(document);
        List<FeedEntry> entries = new ArrayList<>();
        List<SyndEntry> syndEntries = feed.getEntries();
        for (int i = 0; i < syndEntries.size(); i++) {
            SyndEntry entry = syndEntries.get(i);
            Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
            String raw = rawDates.size() == syndEntries.size() ? rawDates.get(i) : null;
            entries.add(celex(new FeedEntry(null, blankToNull(entry.getUri()), blankToNull(entry.getLink()), entry.getTitle(),
                    bodyOf(entry), blankToNull(feed.getLanguage()), FeedDates.believable(raw, date == null ? null : date.toInstant()),
                    raw)));
        }
        return entries;
    }

    /**
     * A site that answers its feed's address with an HTML page (EUR-Lex's firewall challenge, an error page, a site that
     * moved) is this source's error, named as such rather than as unreadable XML.
     */
    private static void refuseHtml(byte[] body) throws InvalidFeed {
        String start = new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\uFEFF", "").strip().toLowerCase(java.util.Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html")) {
            throw new InvalidFeed("the site answered with an HTML page where a feed was expected (a bot challenge or an "
                    + "error page?)", null);
        }
    }

    /**
     * EUR-Lex titles its items {@code CELEX:32025R2000: Commission Implementing Regulation …}: the number goes to the
     * item's fields (and so to the identifiers fusion uses), the title keeps the act's own words.
     */
    static FeedEntry celex(FeedEntry entry) {
        java.util.regex.Matcher celex = CELEX_TITLE.matcher(entry.title() == null ? "" : entry.title());
        if (!celex.matches()) {
            return entry;
        }
        return new FeedEntry(entry.key(), entry.guid(), entry.link(), celex.group(2).strip(),
                entry.html() == null || entry.html().isBlank() ? "CELEX " + celex.group(1) : entry.html() + "\nCELEX " + celex.group(1),
                entry.lang(), entry.published(), entry.publishedRaw(), java.util.Map.of("celex", celex.group(1)));
    }

    private static final java.util.regex.Pattern CELEX_TITLE = java.util.regex.Pattern.compile("(?s)\\s*CELEX:\\s*([0-9A-Z()]+)\\s*:\\s*(.*)");

    /** Rome's view of the whole feed, read the way {@link #parse} reads it; for the conformance harness. */
    SyndFeed read(byte[] body, String contentType) throws InvalidFeed {
        Input input = new Input();
        return build(input, document(input, body, contentType));
    }

    private static Document document(Input input, byte[] body, String contentType) throws InvalidFeed {
        checkDepth(body);
        Document document;
        try (XmlReader reader = contentType == null
                ? new XmlReader(new ByteArrayInputStream(body))
                : new XmlReader(new ByteArrayInputStream(body), contentType, true)) {
            document = input.document(reader);
        } catch (JDOMException | IOException | IllegalArgumentException e) {
            throw new InvalidFeed("not a readable RSS/Atom feed: " + e.getMessage(), e);
        }
        return document;
    }

    private static SyndFeed build(Input input, Document document) throws InvalidFeed {
        try {
            return new SyndFeedImpl(input.build(document));
        } catch (FeedException | RuntimeException e) {
            // Rome's parsers assume the elements their format requires (an RSS without a channel throws a
            // NullPointerException): whatever they throw is this feed's fault.
            throw new InvalidFeed("not a readable RSS/Atom feed: " + e, e);
        }
    }

    /**
     * Streams through the bytes once and refuses a document nested deeper than {@link #MAX_DEPTH}, before any tree is
     * built: JDOM checks each new element against all its ancestors (a 60,000-deep entry took half a minute) and Rome
     * writes xhtml content out recursively (it overflowed the stack). What this pass cannot read is left to the parser,
     * whose error message says more.
     */
    private static void checkDepth(byte[] body) throws InvalidFeed {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT && ++depth > MAX_DEPTH) {
                    throw new InvalidFeed("not a readable RSS/Atom feed: elements nested deeper than " + MAX_DEPTH, null);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            // Not well-formed, a doctype, an unknown encoding: the parser will say so in its own words.
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held
                }
            }
        }
    }

    /** Per entry, in document order, the first date element's text as the feed wrote it (null where none). */
    private static List<String> rawDates(Document document) {
        Element root = document.getRootElement();
        List<Element> items = new ArrayList<>();
        if (root.getName().equals("rss")) {
            for (Element channel : root.getChildren()) {
                if (channel.getName().equals("channel")) {
                    channel.getChildren().stream().filter(e -> e.getName().equals("item")).forEach(items::add);
                }
            }
        } else {
            root.getChildren().stream().filter(e -> e.getName().equals("item") || e.getName().equals("entry")).forEach(items::add);
        }
        List<String> dates = new ArrayList<>();
        for (Element item : items) {
            dates.add(item.getChildren().stream().filter(e -> DATE_ELEMENTS.contains(e.getName()))
                    .map(e -> blankToNull(e.getTextNormalize())).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null));
        }
        return dates;
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
