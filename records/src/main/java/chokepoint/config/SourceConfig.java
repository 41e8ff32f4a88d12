package chokepoint.config;

import java.time.Duration;

/**
 * One source to poll.
 *
 * @param id           short stable name; part of every item id, so never reuse one for another source
 * @param kind         adapter: {@code rss} (RSS 0.9x/1.0/2.0 and Atom) or {@code federal-register} (its JSON API)
 * @param url          http(s) address
 * @param interval     time between polls
 * @param jurisdiction who publishes it (ISO 3166-1 alpha-2, EU), or null for news
 * @param lang         language of its items when the feed does not say
 */
public record SourceConfig(String id, String kind, String url, Duration interval, String jurisdiction, String lang) {
}
