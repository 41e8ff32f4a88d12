package chokepoint.ingest.feed;

import chokepoint.config.SourceConfig;
import chokepoint.records.Item;
import org.jsoup.Jsoup;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns {@link FeedEntry feed entries} into {@link Item items}: markup removed with Jsoup, links canonicalised
 * (tracking parameters and fragments dropped, only http(s) kept), dates ahead of the fetch treated as unknown (the
 * raw value kept), titles and texts cut to a size every topic takes, and a stable identity:
 * <ol>
 *   <li>the key an adapter vouches for (a Federal Register document number, a list entry);</li>
 *   <li>else the canonical link, which does not rotate: feeds change their ids (GOV.UK appends the update time to its
 *       Atom ids, some feeds make a new guid at every request) while the link of the story stays; when several
 *       entries of one poll share a link (a feed that links every entry to its home page), the guid or the content
 *       tells them apart;</li>
 *   <li>else the guid, else a hash of the content.</li>
 * </ol>
 */
public final class ItemNormalizer {

    /** A feed dated ahead of our clock is wrong, not early; a few minutes cover clocks that disagree. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    /** Titles are headlines; anything longer is a feed's mistake. */
    static final int MAX_TITLE_CHARS = 1_000;
    /**
     * The classifier reads the lead and the people read the link; 100,000 characters (up to 300 KB in UTF-8) keep
     * every record well under Kafka's 1 MB. A 3.4 MB description once put the producer in an error state.
     */
    static final int MAX_TEXT_CHARS = 100_000;
    static final String CUT_MARK = " […]";

    /** Items of one poll, in the order of the entries; entries without title and text are left out. */
    public List<Item> normalizeAll(SourceConfig source, List<FeedEntry> entries, Instant fetched) {
        Map<String, Integer> linkUses = new HashMap<>();
        for (FeedEntry entry : entries) {
            String link = canonicalLink(entry.link(), source);
            if (entry.key() == null && link != null) {
                linkUses.merge(link, 1, Integer::sum);
            }
        }
        List<Item> items = new ArrayList<>();
        for (FeedEntry entry : entries) {
            Item item = normalize(source, entry, fetched, linkUses.getOrDefault(canonicalLink(entry.link(), source), 0) > 1);
            if (!item.title().isEmpty() || !item.text().isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }

    /** One entry, on its own (its link taken as its own). */
    public Item normalize(SourceConfig source, FeedEntry entry, Instant fetched) {
        return normalize(source, entry, fetched, false);
    }

    private Item normalize(SourceConfig source, FeedEntry entry, Instant fetched, boolean sharedLink) {
        String title = cut(plainText(entry.title()), MAX_TITLE_CHARS);
        String text = cut(plainText(entry.html()), MAX_TEXT_CHARS);
        String link = canonicalLink(entry.link(), source);
        String contentHash = sha256(title + "\n" + text).substring(0, 32);
        String identity;
        if (entry.key() != null) {
            identity = "id:" + entry.key();
        } else if (link != null && !sharedLink) {
            identity = "link:" + link;
        } else if (link != null) {
            identity = "link:" + link + "#" + (entry.guid() != null ? "id:" + entry.guid() : "hash:" + contentHash);
        } else if (entry.guid() != null) {
            identity = "id:" + entry.guid();
        } else {
            identity = "hash:" + contentHash;
        }
        Instant published = entry.published();
        String publishedRaw = published == null ? entry.publishedRaw() : null;
        if (published != null && published.isAfter(fetched.plus(FUTURE_TOLERANCE))) {
            publishedRaw = entry.publishedRaw() != null ? entry.publishedRaw() : published.toString();
            published = null;
        }
        String lang = entry.lang() != null ? entry.lang() : source.lang();
        return new Item(source.id() + ":" + sha256(identity).substring(0, 24), source.id(), source.kind(),
                source.jurisdiction(), link, title, text, lang, published, publishedRaw, fetched, contentHash, entry.fields(), false);
    }

    /**
     * The id the entry had before identity went to links first (guid first then), or null when it is the same: a
     * story published under that id is not published again after an upgrade.
     */
    public static String legacyId(SourceConfig source, FeedEntry entry) {
        return entry.key() == null && entry.guid() != null && canonicalLink(entry.link(), source) != null
                ? source.id() + ":" + sha256("id:" + entry.guid()).substring(0, 24) : null;
    }

    /** The id an entry known only by its link will get: lets a listing skip detail pages already published. */
    public static String idForLink(SourceConfig source, String link) {
        String canonical = canonicalLink(link, source);
        return canonical == null ? null : source.id() + ":" + sha256("link:" + canonical).substring(0, 24);
    }

    static String plainText(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        return Jsoup.parse(html).text().trim();
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - CUT_MARK.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + CUT_MARK;
    }

    /** {@link #canonicalLink(String, SourceConfig)} with the known trackers alone. */
    static String canonicalLink(String link) {
        return canonicalLink(link, null);
    }

    /**
     * Lower-case scheme and host, no fragment, no tracking parameters ({@link TrackingParameters}: the known trackers
     * and the source's own {@code strip-parameters}).
     */
    static String canonicalLink(String link, SourceConfig source) {
        if (link == null) {
            return null;
        }
        try {
            URI uri = chokepoint.outbound.Urls.parse(link.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return null;
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replace("/./", "/");
            String base = new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(), null, null, null).toString()
                    + path;
            java.util.function.Predicate<String> tracking = (source == null ? TrackingParameters.known()
                    : TrackingParameters.with(source.stripParameters())).forLink(base);
            String query = uri.getRawQuery() == null ? null : Arrays.stream(uri.getRawQuery().split("&"))
                    .filter(p -> !p.isEmpty() && !tracking.test(p.split("=", 2)[0]))
                    .collect(Collectors.joining("&"));
            return base + (query == null || query.isEmpty() ? "" : "?" + query);
        } catch (URISyntaxException | chokepoint.outbound.FetchRefused e) {
            return null;
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
