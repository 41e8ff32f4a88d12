package chokepoint.ingest.feed;

import java.time.Instant;

/**
 * One entry as a source presents it, before identity and normalisation.
 *
 * @param key          an identity the adapter vouches for (a Federal Register document number, a list entry), or
 *                     null; it decides the item's identity before anything else
 * @param guid         the feed's own id for the entry (an RSS guid, an Atom id), or null: used only when the entry
 *                     has no link, because feeds rotate them (GOV.UK adds the update time to its Atom ids)
 * @param link         the entry's link as written
 * @param title        title, possibly with markup
 * @param html         summary or content, possibly with markup
 * @param lang         language the feed declares, or null
 * @param published    publication (else update) time, or null when missing or unparseable
 * @param publishedRaw the date exactly as the source wrote it, or null when it wrote none
 * @param fields       what the source states beside the text (see {@link chokepoint.records.Item#fields()})
 */
public record FeedEntry(String key, String guid, String link, String title, String html, String lang, Instant published,
                        String publishedRaw, java.util.Map<String, String> fields) {

    public FeedEntry {
        fields = fields == null ? java.util.Map.of() : java.util.Map.copyOf(fields);
    }

    public FeedEntry(String key, String guid, String link, String title, String html, String lang, Instant published,
                     String publishedRaw) {
        this(key, guid, link, title, html, lang, published, publishedRaw, java.util.Map.of());
    }

    public FeedEntry withFields(java.util.Map<String, String> more) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.putAll(more);
        return new FeedEntry(key, guid, link, title, html, lang, published, publishedRaw, all);
    }

    /** An entry an adapter identifies itself (a document number, a list entry), with a date it read itself. */
    public static FeedEntry keyed(String key, String link, String title, String html, String lang, Instant published) {
        return new FeedEntry(key, null, link, title, html, lang, published, null);
    }

    /** An entry known by its link (a page of a site without a feed). */
    public static FeedEntry linked(String link, String title, String html, String lang, Instant published, String publishedRaw) {
        return new FeedEntry(null, null, link, title, html, lang, published, publishedRaw);
    }
}
