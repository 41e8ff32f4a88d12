package chokepoint.records;

import java.time.Duration;
import java.time.Instant;

/**
 * Per-source state and health, on the compacted {@code chokepoint.ingest.sources} topic keyed by source id:
 * the conditional-GET validators survive a restart, and the page shows the health.
 *
 * @param healthBreachId the open "source failing" or "source silent" breach, if any
 * @param lastNewItemAt  when the source last brought something new
 * @param meanItemGap    its usual rhythm: a moving average of the time between new items, null until known
 */
public record SourceState(String sourceId, String etag, String lastModified, Instant lastAttempt,
                          Instant lastSuccess, Integer lastStatus, String lastError, int consecutiveFailures,
                          long itemsPublished, String healthBreachId, Instant lastNewItemAt, Duration meanItemGap) implements Complete {
    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"sourceId"}, sourceId);
    }


    public static SourceState initial(String sourceId) {
        return new SourceState(sourceId, null, null, null, null, null, null, 0, 0, null, null, null);
    }

    public SourceState withLastSuccess(Instant at) {
        return new SourceState(sourceId, etag, lastModified, lastAttempt, at, lastStatus, lastError, consecutiveFailures,
                itemsPublished, healthBreachId, lastNewItemAt, meanItemGap);
    }

    public SourceState withHealthBreach(String breachId) {
        return new SourceState(sourceId, etag, lastModified, lastAttempt, lastSuccess, lastStatus, lastError,
                consecutiveFailures, itemsPublished, breachId, lastNewItemAt, meanItemGap);
    }

    /** New items today update the rhythm: the gap since the last ones weighs a quarter of the average. */
    public SourceState withNewItems(Instant at) {
        Duration gap = lastNewItemAt == null ? null : Duration.between(lastNewItemAt, at);
        Duration mean = gap == null || gap.isNegative() ? meanItemGap
                : meanItemGap == null ? gap : Duration.ofSeconds((long) (0.75 * meanItemGap.toSeconds() + 0.25 * gap.toSeconds()));
        return new SourceState(sourceId, etag, lastModified, lastAttempt, lastSuccess, lastStatus, lastError,
                consecutiveFailures, itemsPublished, healthBreachId, at, mean);
    }

    /** Items a day at the usual rhythm, or null while it is not known. */
    public Double itemsPerDay() {
        return meanItemGap == null || meanItemGap.isZero() ? null : 86_400.0 / meanItemGap.toSeconds();
    }
}
