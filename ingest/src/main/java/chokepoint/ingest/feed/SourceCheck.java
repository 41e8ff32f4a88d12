package chokepoint.ingest.feed;

import chokepoint.config.SourceConfig;
import chokepoint.outbound.FetchRefused;
import chokepoint.outbound.FetchResult;
import chokepoint.outbound.GuardedHttpClient;
import chokepoint.outbound.OutboundRequest;
import chokepoint.outbound.Urls;
import chokepoint.records.Item;
import chokepoint.records.ListEntry;
import chokepoint.records.SourceState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a source would publish, read now or from a saved answer, publishing nothing: what an operator runs when a site
 * changes ({@code ./chokepoint sources check}), through the same guarded client and adapters as the worker.
 */
public final class SourceCheck {

    /**
     * @param items  the items the source's entries would become (for a list, its first entries)
     * @param listed how many entries, links or records the answer held
     * @param note   what else to say (a list's size, a fallback read), or null
     */
    public record Found(List<Item> items, int listed, String note) {
    }

    private static final int LIST_SAMPLE = 5;

    private SourceCheck() {
    }

    /** Reads the source now, as the worker would on its first poll. */
    public static Found live(SourceConfig source, GuardedHttpClient http, Instant now) throws FetchRefused, FeedParser.InvalidFeed {
        if ("list-snapshot".equals(source.kind())) {
            OutboundRequest request = OutboundRequest.get(Urls.parse(source.url()));
            if (source.maxBodyBytes() != null) {
                request = request.withMaxBodyBytes(source.maxBodyBytes());
            }
            Map<String, ListEntry> list = http.stream(request,
                    (GuardedHttpClient.BodyReader<Map<String, ListEntry>, FeedParser.InvalidFeed>) (body, type, uri) -> ListSnapshot.read(body))
                    .value();
            return list(source, list, now);
        }
        Reading reading = new SourceReader(http).readWithFallback(source, SourceState.initial(source.id()), now, link -> false);
        String note = reading.note();
        return new Found(new ItemNormalizer().normalizeAll(source, reading.entries(), now), reading.entryCount(), note);
    }

    /**
     * Runs the source's adapter on a saved answer of its main request (a feed, an API's JSON, a listing, a list). A
     * site without a feed gives what its listing names (title, date, link); {@link #detail} reads a saved document page.
     */
    public static Found file(SourceConfig source, byte[] body, String contentType, Instant now) throws FetchRefused, FeedParser.InvalidFeed {
        return switch (source.kind()) {
            case "list-snapshot" -> list(source, ListSnapshot.parse(body), now);
            case "html" -> {
                List<HtmlSource.Listed> listed = HtmlSource.listing(source, new FetchResult(200, body, contentType, null, null,
                        Urls.parse(source.url())));
                List<FeedEntry> entries = HtmlSource.fromListing(source, listed);
                yield new Found(new ItemNormalizer().normalizeAll(source, entries, now), listed.size(),
                        source.effectiveListing().listingAlone() ? "from the listing, as the worker reads this source"
                                : "from the listing alone: give a saved document page with --detail to read one");
            }
            default -> {
                String note = null;
                List<FeedEntry> entries;
                try {
                    entries = SourceAdapter.forKind(source.kind()).parse(body, contentType);
                } catch (FeedParser.InvalidFeed e) {
                    if (source.fallbackKind() == null) {
                        throw e;
                    }
                    // A saved answer of the fallback address (Rijksoverheid's sitemap for its gone feed).
                    entries = SourceAdapter.forKind(source.fallbackKind()).parse(body, contentType);
                    note = "read as the fallback " + source.fallbackKind();
                }
                List<FeedEntry> kept = SourceReader.filter(source, SourceReader.datedByLink(source, entries));
                yield new Found(new ItemNormalizer().normalizeAll(source, kept, now), entries.size(), note);
            }
        };
    }

    /** Reads a saved document page of a site without a feed, as the worker reads each new document. */
    public static Found detail(SourceConfig source, byte[] page, String contentType, String url, Instant now) throws FeedParser.InvalidFeed {
        HtmlSource.Listed document = new HtmlSource.Listed(java.net.URI.create(url), null, null);
        FeedEntry entry = HtmlSource.detail(source, PageText.html(page, contentType, url), document);
        return new Found(new ItemNormalizer().normalizeAll(source, List.of(entry), now), 1, null);
    }

    private static Found list(SourceConfig source, Map<String, ListEntry> list, Instant now) {
        List<FeedEntry> sample = new ArrayList<>();
        list.values().stream().limit(LIST_SAMPLE).forEach(entry -> sample.add(FeedEntry.keyed(null, entry.link(),
                "Entry of the " + entry.list() + ": " + entry.name() + (entry.country() == null ? "" : " (" + entry.country() + ")"),
                "", "en", now)));
        return new Found(new ItemNormalizer().normalizeAll(source, sample, now), list.size(),
                String.format("%,d entries; the first poll records them as the baseline, later polls publish what changed", list.size()));
    }
}
