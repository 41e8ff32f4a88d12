package chokepoint.ingest.feed;

import java.util.List;

/**
 * What one poll read from a source, before identity and publication.
 *
 * @param notModified  the source answered 304 to the validators
 * @param entries      the entries to consider (new documents' pages read, for a site without a feed)
 * @param entryCount   how many entries (feed entries, listed documents) the answer held, new or not
 * @param etag         validator for the next poll
 * @param lastModified validator for the next poll
 * @param note         what the panel should say about this reading (read from the fallback), or null
 */
public record Reading(boolean notModified, List<FeedEntry> entries, int entryCount, String etag, String lastModified,
                      String note) {

    public static Reading notModified(String etag, String lastModified) {
        return new Reading(true, List.of(), 0, etag, lastModified, null);
    }

    public Reading withNote(String newNote) {
        return new Reading(notModified, entries, entryCount, etag, lastModified, newNote);
    }
}
