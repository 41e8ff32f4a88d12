package chokepoint.records;

import java.time.Instant;

/**
 * Ingest's memory of one published item, on the compacted {@code chokepoint.ingest.seen} topic keyed by item id.
 * Written in the same transaction as the item itself, so an item is marked seen exactly when it was published.
 */
public record SeenItem(String contentHash, Instant firstSeen) implements Complete {
    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"contentHash"}, contentHash);
    }

}
