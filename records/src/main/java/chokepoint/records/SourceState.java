package chokepoint.records;

import java.time.Instant;

/**
 * Per-source state and health, on the compacted {@code chokepoint.ingest.sources} topic keyed by source id:
 * the conditional-GET validators survive a restart, and the page shows the health. {@code healthBreachId} is the
 * open "source failing" breach, if any.
 */
public record SourceState(String sourceId, String etag, String lastModified, Instant lastAttempt,
                          Instant lastSuccess, Integer lastStatus, String lastError, int consecutiveFailures,
                          long itemsPublished, String healthBreachId) {

    public SourceState withLastSuccess(Instant at) {
        return new SourceState(sourceId, etag, lastModified, lastAttempt, at, lastStatus, lastError, consecutiveFailures,
                itemsPublished, healthBreachId);
    }

    public static SourceState initial(String sourceId) {
        return new SourceState(sourceId, null, null, null, null, null, null, 0, 0, null);
    }
}
