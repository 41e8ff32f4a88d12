package chokepoint.config;

import java.time.Duration;
import java.util.Map;

/**
 * One source to poll.
 *
 * @param id           short stable name; part of every item id, so never reuse one for another source
 * @param kind         adapter: {@code rss} (RSS 0.9x/1.0/2.0 and Atom), {@code federal-register} (its JSON API),
 *                     {@code html} (a site without a feed: a listing, then each document's page), {@code news-sitemap}
 *                     (a Google News sitemap) or {@code list-snapshot} (a JSON list published whole)
 * @param url          http(s) address
 * @param interval     time between polls
 * @param jurisdiction who publishes it (ISO 3166-1 alpha-2, EU), or null for news
 * @param lang         language of its items when the source does not say
 * @param selectors    the older, short form for {@code html} sources: {@code links} (on the listing page), {@code title},
 *                     {@code body} and optionally {@code date} (on a detail page); {@code listing} and {@code detail}
 *                     say more
 * @param listing      for {@code html}: where the list comes from and how to read it
 * @param detail       for {@code html}: how to read each document's page
 * @param filter       for {@code news-sitemap} and feeds: keep only entries whose {@code path} or {@code title} matches
 *                     (regular expressions, case-insensitive)
 * @param maxBodyBytes this source's cap on an answer's size (a list published whole is tens of MB); default: the
 *                     ingest setting
 * @param massChange   for {@code list-snapshot}: a snapshot that would add or remove more than this share of the list
 *                     is held until the next snapshots agree (default 0.05)
 * @param cacheBust    add a changing query parameter to every request, for servers that give no validator and answer
 *                     from a stale cache (the Federal Register's public inspection)
 * @param fallbackKind when the source's address is gone (404, 410, or not a feed any more), read this kind …
 * @param fallbackUrl  … at this address instead, and say so on the panel
 * @param note         where and when the source's format was checked (shown by {@code sources check})
 * @param baseline     whether the items its first poll finds are a silent baseline (kept, shown, replayable, counted by
 *                     no live rule); default true. False for a source whose first items are news (a feed of today's)
 * @param stripParameters query parameters this source's links carry that do not name the document (regular
 *                     expressions on the name, case-insensitive), dropped before identity in addition to the known
 *                     trackers (ingest's tracking-parameters list)
 * @param publisher    who publishes it, as a person would name them ("Ministry of Commerce", "Federal Register"):
 *                     {@code sources list} groups by it; default: the source's host
 * @param zone         the publisher's time zone (IANA id), in which its rhythm is learnt and its windows are read;
 *                     default: the jurisdiction's capital's
 * @param windows      when the publisher publishes, given by hand ("Mon-Fri 08:45-10:00", in {@code zone}): the source
 *                     is polled more often inside, less outside; without them it learns its windows from its items
 * @param dateFromLink for feeds whose entries carry no date (the Council of the EU's press releases): a regular
 *                     expression whose groups, joined, are the eight digits yyyyMMdd of the entry's link; the day is read
 *                     in {@code zone}. An entry's own date, when it has one, comes first. ({@code html} sources say it in
 *                     their {@code listing}.)
 */
public record SourceConfig(String id, String kind, String url, Duration interval, String jurisdiction, String lang,
                           Map<String, String> selectors, ListingSpec listing, DetailSpec detail, Map<String, String> filter,
                           Long maxBodyBytes, Double massChange, Boolean cacheBust, String fallbackKind, String fallbackUrl,
                           String note, Boolean baseline, java.util.List<String> stripParameters, String publisher,
                           String zone, java.util.List<String> windows, String dateFromLink) {

    /** Whether the items of its first poll are a silent baseline ({@link chokepoint.records.Item#baseline()}); default yes. */
    public boolean baselineOnFirstPoll() {
        return baseline == null || baseline;
    }

    public static final double DEFAULT_MASS_CHANGE = 0.05;

    public SourceConfig {
        selectors = selectors == null ? Map.of() : Map.copyOf(selectors);
        filter = filter == null ? Map.of() : Map.copyOf(filter);
        stripParameters = stripParameters == null ? java.util.List.of() : java.util.List.copyOf(stripParameters);
        windows = windows == null ? java.util.List.of() : java.util.List.copyOf(windows);
    }

    public SourceConfig(String id, String kind, String url, Duration interval, String jurisdiction, String lang,
                        Map<String, String> selectors) {
        this(id, kind, url, interval, jurisdiction, lang, selectors, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    public SourceConfig(String id, String kind, String url, Duration interval, String jurisdiction, String lang) {
        this(id, kind, url, interval, jurisdiction, lang, Map.of());
    }

    /** The listing, from {@code listing} or the short form's {@code links} selector. */
    public ListingSpec effectiveListing() {
        return listing != null ? listing : ListingSpec.links(selectors.get("links"));
    }

    /** The detail page's fields, from {@code detail} or the short form's selectors. */
    public DetailSpec effectiveDetail() {
        return detail != null ? detail : new DetailSpec(selectors.get("title"), selectors.get("body"), selectors.get("date"),
                selectors.get("header"), null);
    }

    /** The publisher's time zone: its own {@code zone}, else its jurisdiction's. */
    public java.time.ZoneId zoneId() {
        return zone != null ? java.time.ZoneId.of(zone) : chokepoint.records.ActDate.zoneOf(jurisdiction);
    }

    public double effectiveMassChange() {
        return massChange == null ? DEFAULT_MASS_CHANGE : massChange;
    }

    /** The same source, its first poll's items counted as news or not. */
    public SourceConfig withBaseline(boolean onFirstPoll) {
        return new SourceConfig(id, kind, url, interval, jurisdiction, lang, selectors, listing, detail, filter, maxBodyBytes,
                massChange, cacheBust, fallbackKind, fallbackUrl, note, onFirstPoll, stripParameters, publisher, zone, windows, dateFromLink);
    }

    public SourceConfig withUrl(String newUrl) {
        return new SourceConfig(id, kind, newUrl, interval, jurisdiction, lang, selectors, listing, detail, filter, maxBodyBytes,
                massChange, cacheBust, fallbackKind, fallbackUrl, note, baseline, stripParameters, publisher, zone, windows, dateFromLink);
    }

    /** The same source read as its fallback: the fallback's kind at the fallback's address. */
    public SourceConfig asFallback() {
        return new SourceConfig(id, fallbackKind, fallbackUrl, interval, jurisdiction, lang, selectors, listing, detail, filter,
                maxBodyBytes, massChange, cacheBust, null, null, note, baseline, stripParameters, publisher, zone, windows, dateFromLink);
    }
}
