package chokepoint.ingest.feed;

import java.time.Instant;

/**
 * One entry as a source presents it, before identity and normalisation.
 *
 * @param nativeId     the source's own identity for the entry (a guid, an Atom id), or null
 * @param link         the entry's link as written
 * @param title        title, possibly with markup
 * @param html         summary or content, possibly with markup
 * @param lang         language the feed declares, or null
 * @param published    publication (else update) time, or null when missing or unparseable
 */
public record FeedEntry(String nativeId, String link, String title, String html, String lang, Instant published) {
}
