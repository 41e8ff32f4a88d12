package chokepoint.records;

import java.time.Instant;

/**
 * Ingest's memory of one published item, on the compacted {@code chokepoint.ingest.seen} topic keyed by item id.
 * Written in the same transaction as the item itself, so an item is marked seen exactly when it was published, and
 * written again ({@code markedAt}) while its source still lists it, so that the topic's horizon keeps it.
 *
 * @param firstSeen when the item was published
 * @param markedAt  when this mark was written (null in marks written before renewals existed: then firstSeen)
 */
public record SeenItem(String contentHash, Instant firstSeen, Instant markedAt) implements Complete {

    /** When the mark was last written. */
    public Instant lastMarked() {
        return markedAt != null ? markedAt : firstSeen;
    }

    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"contentHash"}, contentHash);
    }

}
