package chokepoint.records;

import java.time.Instant;

/**
 * One copy of a story: where it was seen.
 *
 * @param sourceId the configured source
 * @param itemId   the item on {@code chokepoint.items}
 * @param url      its link
 * @param title    its title as that source wrote it
 * @param seenAt   its publication (or fetch) time
 */
public record SourceRef(String sourceId, String itemId, String url, String title, Instant seenAt) {
}
