package chokepoint.ingest.feed;

import chokepoint.config.SourceConfig;
import chokepoint.outbound.FetchRefused;
import chokepoint.outbound.FetchResult;
import chokepoint.outbound.GuardedHttpClient;
import chokepoint.outbound.OutboundRequest;
import chokepoint.outbound.Urls;
import chokepoint.records.SourceState;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a source of any kind but a list published whole: a feed, the Federal Register's API or a news sitemap by a
 * conditional GET (with a cache-busting parameter where the server gives no validator and a cache serves stale
 * copies), a site without a feed through {@link HtmlSource}; then keeps the entries its {@code filter} selects.
 */
public final class SourceReader {

    private final GuardedHttpClient http;
    private final Map<String, HtmlSource.PageFailures> pageFailures = new ConcurrentHashMap<>();

    public SourceReader(GuardedHttpClient http) {
        this.http = http;
    }

    /**
     * @param knownLink whether the item for a document link was already published (sites without a feed skip those
     *                  documents' pages)
     */
    public Reading read(SourceConfig source, SourceState before, Instant now, Predicate<String> knownLink)
            throws FetchRefused, FeedParser.InvalidFeed {
        if ("html".equals(source.kind())) {
            HtmlSource.Result result = HtmlSource.read(source, http, knownLink,
                    pageFailures.computeIfAbsent(source.id(), id -> new HtmlSource.PageFailures()));
            return new Reading(false, filter(source, result.entries()), result.listed(), null, null, null);
        }
        URI uri = Urls.parse(source.url());
        if (Boolean.TRUE.equals(source.cacheBust())) {
            uri = Urls.parse(uri + (uri.getRawQuery() == null ? "?" : "&") + "_=" + now.toEpochMilli());
        }
        OutboundRequest request = OutboundRequest.conditionalGet(uri, before.etag(), before.lastModified());
        if (source.maxBodyBytes() != null) {
            request = request.withMaxBodyBytes(source.maxBodyBytes());
        }
        FetchResult answer = http.fetch(request);
        if (answer.notModified()) {
            return Reading.notModified(before.etag(), before.lastModified());
        }
        List<FeedEntry> entries = datedByLink(source, SourceAdapter.forKind(source.kind()).parse(answer.body(), answer.contentType()));
        return new Reading(false, filter(source, entries), entries.size(), answer.etag(), answer.lastModified(), null);
    }

    /**
     * Entries that carry no date of their own, dated by the day their link carries when the source says where
     * ({@code date-from-link}), in the publisher's zone; the rest as they are.
     */
    static List<FeedEntry> datedByLink(SourceConfig source, List<FeedEntry> entries) {
        if (source.dateFromLink() == null) {
            return entries;
        }
        return entries.stream().map(e -> {
            if (e.published() != null) {
                return e;
            }
            String day = LinkDates.day(source.dateFromLink(), e.link());
            Instant published = SourceDates.parse(day, source.zoneId());
            return published == null ? e : new FeedEntry(e.key(), e.guid(), e.link(), e.title(), e.html(), e.lang(), published,
                    e.publishedRaw(), e.fields());
        }).toList();
    }

    /** The entries whose link path and title match the source's filter (all when it has none). */
    static List<FeedEntry> filter(SourceConfig source, List<FeedEntry> entries) {
        if (source.filter().isEmpty()) {
            return entries;
        }
        Pattern path = pattern(source.filter().get("path"));
        Pattern title = pattern(source.filter().get("title"));
        return entries.stream()
                .filter(e -> path == null || e.link() != null && path.matcher(pathOf(e.link())).find())
                .filter(e -> title == null || e.title() != null && title.matcher(e.title()).find())
                .toList();
    }

    private static String pathOf(String link) {
        try {
            String path = Urls.parse(link).getPath();
            return path == null ? "" : path;
        } catch (FetchRefused e) {
            return link;
        }
    }

    private static Pattern pattern(String regex) {
        return regex == null || regex.isBlank() ? null : Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /**
     * Reads the source; when its address is gone (404, 410, a name that no longer resolves, an HTML page where a feed
     * was) and it has a fallback, reads the fallback instead and says so in the reading's note (feeds.rijksoverheid.nl
     * stopped resolving in 2026).
     */
    public Reading readWithFallback(SourceConfig source, SourceState before, Instant now, Predicate<String> knownLink)
            throws FetchRefused, FeedParser.InvalidFeed {
        try {
            return read(source, before, now, knownLink);
        } catch (FetchRefused | FeedParser.InvalidFeed e) {
            if (source.fallbackKind() == null || !gone(e)) {
                throw e;
            }
            // The fallback's validators are not the primary's: it is read whole each time.
            Reading fallback = read(source.asFallback(), SourceState.initial(source.id()), now, knownLink);
            return fallback.withNote("the configured address failed (" + e.getMessage() + "); read the fallback "
                    + source.fallbackKind() + " at " + source.fallbackUrl() + " instead");
        }
    }

    /** Whether a failure means the address is gone (so that a configured fallback is read instead). */
    public static boolean gone(Exception failure) {
        if (failure instanceof FetchRefused refused) {
            return refused.isNameNotFound() || refused.status() != null && (refused.status() == 404 || refused.status() == 410);
        }
        return failure instanceof FeedParser.InvalidFeed && failure.getMessage().toLowerCase(Locale.ROOT).contains("html page");
    }
}
