package chokepoint.config;

import java.time.Duration;
import java.util.Map;

/**
 * One source to poll.
 *
 * @param id           short stable name; part of every item id, so never reuse one for another source
 * @param kind         adapter: {@code rss} (RSS 0.9x/1.0/2.0 and Atom), {@code federal-register} (its JSON API) or
 *                     {@code html} (a listing page whose links lead to detail pages, read with {@code selectors})
 * @param url          http(s) address
 * @param interval     time between polls
 * @param jurisdiction who publishes it (ISO 3166-1 alpha-2, EU), or null for news
 * @param lang         language of its items when the source does not say
 * @param selectors    for {@code html} sources, CSS selectors kept as data: {@code links} (on the listing page),
 *                     {@code title}, {@code body} and optionally {@code date} (on a detail page); a site's new
 *                     layout is a configuration change, caught by a test on a recorded page
 */
public record SourceConfig(String id, String kind, String url, Duration interval, String jurisdiction, String lang,
                           Map<String, String> selectors) {

    public SourceConfig {
        selectors = selectors == null ? Map.of() : Map.copyOf(selectors);
    }

    public SourceConfig(String id, String kind, String url, Duration interval, String jurisdiction, String lang) {
        this(id, kind, url, interval, jurisdiction, lang, Map.of());
    }
}
