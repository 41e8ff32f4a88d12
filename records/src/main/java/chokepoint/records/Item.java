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
 * @param fields       what the source states about the document beside its text: an announcement's {@code issuer},
 *                     {@code documentNumber} and {@code issued} date (MOFCOM's header block), a Federal Register
 *                     document's {@code publicationDate}, an EU act's {@code celex}
 * @param revised      true when an earlier version of this item (same id, other content) was published before: an
 *                     update, not a new item
 * @param baseline     true when it came with its source's first poll: published before Chokepoint watched the source,
 *                     kept, shown and replayable, but no live breach counts it (years-old notices are not news)
 */
public record Item(String id, String sourceId, String sourceKind, String jurisdiction, String url, String title,
                   String text, String lang, Instant published, String publishedRaw, Instant fetched,
                   String contentHash, java.util.Map<String, String> fields, boolean revised, boolean baseline)
        implements Complete {

    public Item {
        fields = fields == null ? java.util.Map.of() : java.util.Map.copyOf(fields);
    }

    public Item(String id, String sourceId, String sourceKind, String jurisdiction, String url, String title, String text,
                String lang, Instant published, String publishedRaw, Instant fetched, String contentHash) {
        this(id, sourceId, sourceKind, jurisdiction, url, title, text, lang, published, publishedRaw, fetched, contentHash,
                java.util.Map.of(), false, false);
    }

    public Item(String id, String sourceId, String sourceKind, String jurisdiction, String url, String title, String text,
                String lang, Instant published, String publishedRaw, Instant fetched, String contentHash,
                java.util.Map<String, String> fields, boolean revised) {
        this(id, sourceId, sourceKind, jurisdiction, url, title, text, lang, published, publishedRaw, fetched, contentHash,
                fields, revised, false);
    }

    /** The same item marked as an update of one published before. */
    public Item asRevision() {
        return new Item(id, sourceId, sourceKind, jurisdiction, url, title, text, lang, published, publishedRaw, fetched,
                contentHash, fields, true, baseline);
    }

    /** The same item marked as found by its source's first poll. */
    public Item asBaseline() {
        return new Item(id, sourceId, sourceKind, jurisdiction, url, title, text, lang, published, publishedRaw, fetched,
                contentHash, fields, revised, true);
    }
    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"id", "sourceId", "fetched"}, id, sourceId, fetched);
    }


    /** The time the item is placed at: its publication time, or the fetch time when it has none. */
    public Instant effectiveTime() {
        return published != null ? published : fetched;
    }
}
