package chokepoint.ingest.feed;

import chokepoint.config.DetailSpec;
import chokepoint.config.ListingSpec;
import chokepoint.config.SourceConfig;
import chokepoint.outbound.FetchRefused;
import chokepoint.outbound.FetchResult;
import chokepoint.outbound.GuardedHttpClient;
import chokepoint.outbound.OutboundRequest;
import chokepoint.outbound.Urls;
import chokepoint.records.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Sites that publish no feed (China's Ministry of Commerce and its export-control site): a listing, then each listed
 * document's page, both read as the source's configuration says ({@link ListingSpec}, {@link DetailSpec}). The listing
 * is the source's own page, another page, a JSON call whose answer holds an HTML fragment (MOFCOM's {@code data.html})
 * or a list of records (the export-control site's {@code pageInfo.rows}), by GET or POST, with parameters that may be
 * read from the source's page itself (MOFCOM's {@code queryData}). New documents are fetched through the same guarded
 * client, politely, at most {@link #MAX_DETAILS} a poll; a page that fails is skipped and tried again next time.
 * <p>
 * Silence is never taken for "nothing new": a listing that yields no document, or document pages that all yield
 * nothing, fail the source with the reason (MOFCOM changed its layout in 2020, 2023 and 2024).
 */
public final class HtmlSource {

    private static final Logger LOG = LoggerFactory.getLogger(HtmlSource.class);
    static final int MAX_DETAILS = 10;

    /** One document as a listing names it. */
    record Listed(URI link, String title, String date) {
    }

    /** What one poll read: how many documents the listing named, and the entries read from the new ones' pages. */
    public record Result(int listed, List<FeedEntry> entries) {
    }

    private HtmlSource() {
    }

    /**
     * Pages of one source that failed, remembered by the worker: a page that fails while others of its source are read
     * is that page's fault (tried again, but not taken for a broken site); one that failed {@link #GIVE_UP_AFTER} polls
     * in a row is no longer tried until the worker restarts.
     */
    public static final class PageFailures {
        private final Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
        private final Set<String> knownBad = java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    static final int GIVE_UP_AFTER = 3;

    /**
     * @param known whether the item for a document link was already published (its id follows from the link)
     */
    public static Result read(SourceConfig source, GuardedHttpClient http, Predicate<String> known, PageFailures pages)
            throws FetchRefused, FeedParser.InvalidFeed {
        List<Listed> listed = list(source, http);
        if (source.effectiveListing().listingAlone()) {
            return new Result(listed.size(), fromListing(source, listed));
        }
        List<FeedEntry> entries = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> failedPages = new ArrayList<>();
        int attempted = 0;
        for (Listed document : listed) {
            String link = document.link().toString();
            if (attempted >= MAX_DETAILS) {
                break;
            }
            if (known.test(link) || pages.failures.getOrDefault(link, 0) >= GIVE_UP_AFTER) {
                continue;
            }
            attempted++;
            try {
                entries.add(detail(source, http, document));
                pages.failures.remove(link);
            } catch (FetchRefused | FeedParser.InvalidFeed e) {
                failures.add(e.getMessage());
                failedPages.add(link);
                int times = pages.failures.merge(link, 1, Integer::sum);
                LOG.warn("source {}: document page {} skipped ({} time(s)): {}", source.id(), link, times, e.getMessage());
            }
        }
        if (!entries.isEmpty()) {
            pages.knownBad.addAll(failedPages);
        } else if (attempted > 0 && !pages.knownBad.containsAll(failedPages)) {
            // Every new page failed and not all are pages known to be broken: the site's pages changed, not one page.
            throw new FeedParser.InvalidFeed("none of the " + attempted + " new document pages could be read: " + failures.get(0), null);
        }
        return new Result(listed.size(), entries);
    }

    /** Items made from the listing alone: its title (also the text), link and date, in the publisher's zone. */
    static List<FeedEntry> fromListing(SourceConfig source, List<Listed> listed) {
        ZoneId zone = source.zoneId();
        List<FeedEntry> entries = new ArrayList<>();
        for (Listed document : listed) {
            Instant date = SourceDates.parse(document.date(), zone);
            String title = document.title() == null ? "" : document.title();
            entries.add(FeedEntry.linked(document.link().toString(), title, escape(title), source.lang(), date,
                    date == null ? document.date() : null));
        }
        return entries;
    }

    /** The documents the listing names, in its order. */
    static List<Listed> list(SourceConfig source, GuardedHttpClient http) throws FetchRefused, FeedParser.InvalidFeed {
        ListingSpec spec = source.effectiveListing();
        URI page = Urls.parse(source.url());
        boolean linksInPage = spec.url() == null && spec.urlFrom() == null;
        Document pageDocument = null;
        if (linksInPage || spec.urlFrom() != null || spec.paramsFrom() != null) {
            FetchResult answer = http.fetch(OutboundRequest.get(page).withHeader("Accept", "text/html,*/*;q=0.5"));
            pageDocument = PageText.html(answer.body(), answer.contentType(), answer.finalUri().toString());
        }
        if (linksInPage) {
            return fromHtml(pageDocument, spec, source);
        }
        URI listing = spec.url() != null ? Urls.resolve(page, spec.url()) : Urls.resolve(page, required(pageDocument, spec.urlFrom()));
        Map<String, String> params = new LinkedHashMap<>();
        if (spec.paramsFrom() != null) {
            params.putAll(jsonObject(required(pageDocument, spec.paramsFrom()), spec.paramsFrom()));
        }
        params.putAll(spec.params());
        OutboundRequest request = spec.method().equals("POST") ? OutboundRequest.postForm(listing, params)
                : OutboundRequest.get(withQuery(listing, params));
        request = request.withHeader("Referer", page.toString()).withHeader("Accept", "application/json, text/html;q=0.9, */*;q=0.5");
        for (Map.Entry<String, String> header : spec.headers().entrySet()) {
            request = request.withHeader(header.getKey(), header.getValue());
        }
        return listing(source, http.fetch(request));
    }

    /** The documents an answer of the listing names (the live answer, or a saved one for {@code sources check --file}). */
    static List<Listed> listing(SourceConfig source, FetchResult answer) throws FetchRefused, FeedParser.InvalidFeed {
        ListingSpec spec = source.effectiveListing();
        URI page = Urls.parse(source.url());
        switch (spec.format()) {
            case ListingSpec.JSON_HTML -> {
                String fragment = JsonPaths.text(json(answer), spec.htmlPath());
                if (fragment == null) {
                    throw new FeedParser.InvalidFeed("the listing's JSON has no " + spec.htmlPath() + ": the site may have changed its API", null);
                }
                return fromHtml(Jsoup.parseBodyFragment(fragment, page.toString()), spec, source);
            }
            case ListingSpec.JSON_RECORDS -> {
                return fromRecords(json(answer), spec, source, page);
            }
            default -> {
                return fromHtml(PageText.html(answer.body(), answer.contentType(), answer.finalUri().toString()), spec, source);
            }
        }
    }

    private static List<Listed> fromHtml(Document document, ListingSpec spec, SourceConfig source) throws FeedParser.InvalidFeed {
        Set<URI> seen = new LinkedHashSet<>();
        List<Listed> listed = new ArrayList<>();
        for (Element anchor : document.select(spec.links())) {
            try {
                URI link = Urls.resolve(URI.create(document.location().isEmpty() ? source.url() : document.location()), anchor.attr("href"));
                if (!("http".equals(link.getScheme()) || "https".equals(link.getScheme())) || !seen.add(link)) {
                    continue;
                }
                String title = anchor.hasAttr("title") && !anchor.attr("title").isBlank() ? anchor.attr("title") : anchor.text();
                Element dated = spec.date() == null || anchor.parent() == null ? null : anchor.parent().selectFirst(spec.date());
                listed.add(new Listed(link, title.strip(), listedDate(dated == null ? null : dated.text(), spec, link)));
            } catch (FetchRefused | IllegalArgumentException e) {
                LOG.info("source {}: link skipped: {}", source.id(), e.getMessage());
            }
        }
        if (listed.isEmpty()) {
            throw new FeedParser.InvalidFeed("the listing yielded no links (links: " + spec.links()
                    + "): the site may have changed its layout", null);
        }
        return listed;
    }

    /**
     * The date the listing shows when it reads as one, else the day the address carries (when the source says where),
     * else what the listing showed, kept as written: a row's date in a form not yet known does not lose the day the
     * address gives.
     */
    private static String listedDate(String shown, ListingSpec spec, URI link) {
        if (shown != null && SourceDates.parse(shown, java.time.ZoneOffset.UTC) != null) {
            return shown;
        }
        String fromLink = LinkDates.day(spec.dateFromLink(), link.toString());
        return fromLink != null ? fromLink : shown;
    }

    private static List<Listed> fromRecords(JsonNode root, ListingSpec spec, SourceConfig source, URI page) throws FeedParser.InvalidFeed {
        JsonNode records = JsonPaths.at(root, spec.recordsPath());
        List<Listed> listed = new ArrayList<>();
        for (JsonNode record : records) {
            String url = JsonPaths.text(record, spec.fields().get("url"));
            if (url == null || url.isBlank()) {
                continue;
            }
            try {
                listed.add(new Listed(Urls.resolve(page, url), JsonPaths.text(record, spec.fields().get("title")),
                        JsonPaths.text(record, spec.fields().get("date"))));
            } catch (FetchRefused e) {
                LOG.info("source {}: record skipped: {}", source.id(), e.getMessage());
            }
        }
        if (listed.isEmpty()) {
            throw new FeedParser.InvalidFeed("the listing yielded no records (" + spec.recordsPath() + " with "
                    + spec.fields().get("url") + "): the site may have changed its API", null);
        }
        return listed;
    }

    /** One document's page, read as the source's detail fields say. */
    static FeedEntry detail(SourceConfig source, GuardedHttpClient http, Listed document) throws FetchRefused, FeedParser.InvalidFeed {
        FetchResult answer = http.fetch(OutboundRequest.get(document.link()).withHeader("Referer", source.url())
                .withHeader("Accept", "text/html,*/*;q=0.5"));
        return detail(source, PageText.html(answer.body(), answer.contentType(), answer.finalUri().toString()), document);
    }

    /** A document's page already fetched (or saved, for {@code sources check --detail}). */
    static FeedEntry detail(SourceConfig source, Document page, Listed document) throws FeedParser.InvalidFeed {
        DetailSpec spec = source.effectiveDetail();
        for (String failure : spec.failureTexts()) {
            if (page.text().contains(failure)) {
                throw new FeedParser.InvalidFeed("the server sent its error frame (\"" + failure + "\") instead of the document", null);
            }
        }
        String title = FieldReader.read(page, spec.title());
        if (title.isBlank() && document.title() != null) {
            title = document.title();
        }
        String body = FieldReader.read(page, spec.body());
        if (title.isBlank() && body.isBlank()) {
            throw new FeedParser.InvalidFeed("the page yielded no title (" + spec.title() + ") and no text (" + spec.body()
                    + "): the site may have changed its layout", null);
        }
        String header = FieldReader.read(page, spec.header());
        Map<String, String> fields = AnnouncementHeader.read(header);
        ZoneId zone = source.zoneId();
        String dateText = FieldReader.read(page, spec.date());
        for (String candidate : new String[]{dateText, fields.get("issued"), document.date()}) {
            if (candidate != null && !candidate.isBlank()) {
                dateText = candidate;
                if (SourceDates.parse(candidate, zone) != null) {
                    break;
                }
            }
        }
        Instant published = SourceDates.parse(dateText, zone);
        String text = header.isBlank() || body.contains(header) ? body : header + "\n" + body;
        return FeedEntry.linked(page.location().isEmpty() ? document.link().toString() : page.location(), title, escape(text),
                source.lang(), published, published == null && dateText != null && !dateText.isBlank() ? dateText : null)
                .withFields(fields);
    }

    private static String required(Document page, String attributeSpec) throws FeedParser.InvalidFeed {
        String value = FieldReader.read(page, attributeSpec);
        if (value.isBlank()) {
            throw new FeedParser.InvalidFeed("the listing page has no " + attributeSpec + ": the site may have changed its layout", null);
        }
        return value;
    }

    /** A JSON object written in an attribute, single quotes allowed (MOFCOM's {@code queryData="{'webId':'…'}"}). */
    private static Map<String, String> jsonObject(String written, String where) throws FeedParser.InvalidFeed {
        try {
            Map<String, Object> values = Json.MAPPER.readValue(written.replace('\'', '"'), new TypeReference<>() {
            });
            Map<String, String> params = new LinkedHashMap<>();
            values.forEach((key, value) -> params.put(key, value == null ? "null" : value.toString()));
            return params;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FeedParser.InvalidFeed("the listing page's " + where + " is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode json(FetchResult answer) throws FeedParser.InvalidFeed {
        String text = PageText.decode(answer.body(), answer.contentType());
        try {
            JsonNode root = Json.MAPPER.readTree(text);
            if (root == null || !root.isContainerNode()) {
                throw new FeedParser.InvalidFeed("the listing answered no JSON object", null);
            }
            return root;
        } catch (IOException e) {
            String start = text.strip();
            throw new FeedParser.InvalidFeed(start.startsWith("<") ? "the listing answered with an HTML page where JSON was "
                    + "expected (a bot challenge or an error page?)" : "the listing is not JSON: " + e.getMessage(), e);
        }
    }

    private static URI withQuery(URI uri, Map<String, String> params) throws FetchRefused {
        if (params.isEmpty()) {
            return uri;
        }
        String query = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String existing = uri.getRawQuery();
        return Urls.parse(uri.toString().replaceFirst("#.*$", "").replaceFirst("\\?.*$", "")
                + "?" + (existing == null ? "" : existing + "&") + query);
    }

    /** The normalizer strips markup; text taken from a page must not be read as markup again. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
