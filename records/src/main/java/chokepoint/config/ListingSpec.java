package chokepoint.config;

import java.util.Map;

/**
 * How a site without a feed lists its documents: where the list comes from and how to read it. Kept as data, so that
 * the next change of a site's layout is a change of configuration, caught by {@code ./chokepoint sources check}.
 *
 * @param url        where the list comes from, absolute or relative to the source's {@code url}; default: the source's
 *                   page itself
 * @param urlFrom    or read it from the source's page: {@code selector@attribute} (MOFCOM's {@code script[queryData]@url})
 * @param method     GET (default) or POST
 * @param params     query parameters (GET) or form fields (POST)
 * @param paramsFrom more parameters read from the source's page: {@code selector@attribute} holding a JSON object,
 *                   single quotes allowed (MOFCOM's {@code script[queryData]@queryData})
 * @param headers    extra request headers (exportcontrol.mofcom.gov.cn answers in UTF-8 only to its own XHR calls)
 * @param format     {@code html} (default: links in a page), {@code json-html} (links in an HTML fragment inside JSON,
 *                   at {@code htmlPath}) or {@code json-records} (a JSON array of records at {@code recordsPath})
 * @param htmlPath   for json-html: the dotted path to the fragment, e.g. {@code data.html}
 * @param recordsPath for json-records: the dotted path to the array, e.g. {@code pageInfo.rows}
 * @param links      for html and json-html: CSS selector of the links to documents
 * @param date       for html and json-html: CSS selector, within the link's parent, of the date the list shows
 * @param fields     for json-records: the record fields holding {@code title}, {@code url} and {@code date}
 * @param alone      the listing alone makes the items (its title, link and date); no document page is fetched, for
 *                   publishers whose listing names each document fully and whose pages no public scraper has read
 *                   (the foreign ministry's countermeasure column, the Taiwan Affairs Office)
 * @param dateFromLink a regular expression whose groups, joined, are the eight digits yyyyMMdd: dates a listed document
 *                   by its address when the listing shows no date, or none that reads as one ({@code /t(\d{8})_} for
 *                   t20241222_11514801.shtml, {@code /(\d{4})/(\d{2})/(\d{2})/} for …/2026/10/08/…)
 */
public record ListingSpec(String url, String urlFrom, String method, Map<String, String> params, String paramsFrom,
                          Map<String, String> headers, String format, String htmlPath, String recordsPath, String links,
                          String date, Map<String, String> fields, Boolean alone, String dateFromLink) {

    public static final String HTML = "html";
    public static final String JSON_HTML = "json-html";
    public static final String JSON_RECORDS = "json-records";

    public ListingSpec {
        params = params == null ? Map.of() : Map.copyOf(params);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        method = method == null || method.isBlank() ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
        format = format == null || format.isBlank() ? HTML : format;
    }

    /** A listing whose links are found in the source's own page. */
    public static ListingSpec links(String selector) {
        return new ListingSpec(null, null, null, null, null, null, HTML, null, null, selector, null, null, null, null);
    }

    /** Whether the listing alone makes the items. */
    public boolean listingAlone() {
        return Boolean.TRUE.equals(alone);
    }
}
