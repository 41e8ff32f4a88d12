package chokepoint.records;

import java.time.Instant;

/**
 * One item fetched from a source (a feed entry, an official notice, a list change), as published on
 * {@code chokepoint.items}. The key on the topic is {@link #id()}.
 *
 * @param id           stable identity: source id plus the item's native id, guid, canonical link or content hash
 * @param sourceId     the configured source it came from
 * @param sourceKind   the adapter kind (rss, ...)
 * @param jurisdiction the source's jurisdiction (ISO 3166-1 alpha-2, EU, or null for news)
 * @param url          link to the original, http(s) only
 * @param title        plain text, markup removed
 * @param text         plain text, markup removed
 * @param lang         language code when the source says so
 * @param published    publication time, or null when missing or unparseable
 * @param publishedRaw the publication date exactly as the source wrote it, kept when it could not be parsed
 * @param fetched      when the worker fetched it
 * @param contentHash  hash of title and text: a changed hash under the same id is an update
 */
public record Item(String id, String sourceId, String sourceKind, String jurisdiction, String url, String title,
                   String text, String lang, Instant published, String publishedRaw, Instant fetched,
                   String contentHash) implements Complete {
    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"id", "sourceId", "fetched"}, id, sourceId, fetched);
    }


    /** The time the item is placed at: its publication time, or the fetch time when it has none. */
    public Instant effectiveTime() {
        return published != null ? published : fetched;
    }
}
