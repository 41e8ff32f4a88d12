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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns a {@link FeedEntry} into an {@link Item}: markup removed with Jsoup, links canonicalised (tracking
 * parameters and fragments dropped, only http(s) kept), dates in the future beyond a day treated as unknown, and
 * a stable identity: the native id, else the canonical link, else a hash of the content.
 */
public final class ItemNormalizer {

    /** A feed that dates its items next week is wrong, not early; keep the raw value and use the fetch time. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    public Item normalize(SourceConfig source, FeedEntry entry, Instant fetched) {
        String title = plainText(entry.title());
        String text = plainText(entry.html());
        String link = canonicalLink(entry.link());
        String contentHash = sha256(title + "\n" + text).substring(0, 32);
        String identity = entry.nativeId() != null ? "id:" + entry.nativeId()
                : link != null ? "link:" + link
                : "hash:" + contentHash;
        String id = source.id() + ":" + sha256(identity).substring(0, 24);
        Instant published = entry.published();
        String publishedRaw = null;
        if (published != null && published.isAfter(fetched.plus(FUTURE_TOLERANCE))) {
            publishedRaw = published.toString();
            published = null;
        }
        String lang = entry.lang() != null ? entry.lang() : source.lang();
        return new Item(id, source.id(), source.kind(), source.jurisdiction(), link, title, text, lang, published,
                publishedRaw, fetched, contentHash);
    }

    /** The id an entry known only by its link will get: lets a listing skip detail pages already published. */
    public static String idForLink(SourceConfig source, String link) {
        String canonical = canonicalLink(link);
        return canonical == null ? null : source.id() + ":" + sha256("link:" + canonical).substring(0, 24);
    }

    static String plainText(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        return Jsoup.parse(html).text().trim();
    }

    /** Lower-case scheme and host, no fragment, no utm_*, fbclid, gclid and similar tracking parameters. */
    static String canonicalLink(String link) {
        if (link == null) {
            return null;
        }
        try {
            URI uri = new URI(link.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return null;
            }
            String query = uri.getRawQuery() == null ? null : Arrays.stream(uri.getRawQuery().split("&"))
                    .filter(p -> !p.isEmpty() && !isTracking(p.split("=", 2)[0].toLowerCase(Locale.ROOT)))
                    .collect(Collectors.joining("&"));
            return new URI(scheme, uri.getRawUserInfo() == null ? null : uri.getUserInfo(),
                    uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(), uri.getPath(), null, null).toString()
                    + (query == null || query.isEmpty() ? "" : "?" + query);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean isTracking(String name) {
        return name.startsWith("utm_") || name.equals("fbclid") || name.equals("gclid") || name.equals("mc_cid")
                || name.equals("mc_eid") || name.equals("cmpid") || name.equals("ocid");
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
