package chokepoint.records;

import java.time.Duration;
import java.time.Instant;

/**
 * Per-source state and health, on the compacted {@code chokepoint.ingest.sources} topic keyed by source id:
 * the conditional-GET validators survive a restart, and the page shows the health.
 *
 * @param lastAttempt    the last poll, whatever came of it (a 304 included)
 * @param healthBreachId the open "source failing" or "source silent" breach, if any
 * @param lastNewItemAt  when the source last brought something new
 * @param meanItemGap    its usual rhythm: a moving average of the time between new items, null until known
 * @param firstSeen      when a worker first polled it: a source that has published nothing a day later is silent
 * @param lastEntryCount entries (feed entries, links, records, list entries) its last successful answer held
 * @param heldChange     a list snapshot's mass change waiting for the next snapshots to agree, or null
 *                       ({@code fingerprint|added|removed|listSize})
 * @param heldAgreements how many later snapshots showed the same held change
 * @param note           what else the panel should say (read from the fallback address, a held snapshot), or null
 * @param hoursOfWeek    when it publishes: 168 counts of its new items by hour of the week (Monday 00:00 first) in the
 *                       publisher's zone, or null until it has published; what its polling rhythm is learnt from
 * @param windows        the publishing windows it is polled by, as the panel shows them ("given: Mon-Fri 08:45-10:00
 *                       America/New_York", "learnt: …", "none yet (fixed interval)"), or null
 * @param nextPoll       when its next poll is due, as its worker scheduled it, or null
 */
public record SourceState(String sourceId, String etag, String lastModified, Instant lastAttempt,
                          Instant lastSuccess, Integer lastStatus, String lastError, int consecutiveFailures,
                          long itemsPublished, String healthBreachId, Instant lastNewItemAt, Duration meanItemGap,
                          Instant firstSeen, Integer lastEntryCount, String heldChange, int heldAgreements, String note,
                          java.util.List<Integer> hoursOfWeek, String windows, Instant nextPoll)
        implements Complete {

    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"sourceId"}, sourceId);
    }

    public SourceState(String sourceId, String etag, String lastModified, Instant lastAttempt, Instant lastSuccess,
                       Integer lastStatus, String lastError, int consecutiveFailures, long itemsPublished,
                       String healthBreachId, Instant lastNewItemAt, Duration meanItemGap) {
        this(sourceId, etag, lastModified, lastAttempt, lastSuccess, lastStatus, lastError, consecutiveFailures,
                itemsPublished, healthBreachId, lastNewItemAt, meanItemGap, null, null, null, 0, null, null, null, null);
    }

    public static SourceState initial(String sourceId) {
        return new SourceState(sourceId, null, null, null, null, null, null, 0, 0, null, null, null);
    }

    /** After an answer that was read: validators, success, items published, entries seen; the error cleared. */
    public SourceState succeeded(Instant at, int status, String newEtag, String newLastModified, int published,
                                 Integer entries) {
        SourceState after = new SourceState(sourceId, newEtag, newLastModified, at, at, status, null, 0,
                itemsPublished + published, healthBreachId, lastNewItemAt, meanItemGap, firstSeen(at),
                entries == null ? lastEntryCount : entries, heldChange, heldAgreements, note, hoursOfWeek, windows, nextPoll);
        return published > 0 ? after.withNewItems(at) : after;
    }

    /** After a failed attempt: the error, one more failure in a row; validators and success kept. */
    public SourceState failed(Instant at, Integer status, String error) {
        return new SourceState(sourceId, etag, lastModified, at, lastSuccess, status, error, consecutiveFailures + 1,
                itemsPublished, healthBreachId, lastNewItemAt, meanItemGap, firstSeen(at), lastEntryCount, heldChange,
                heldAgreements, note, hoursOfWeek, windows, nextPoll);
    }

    private Instant firstSeen(Instant at) {
        return firstSeen != null ? firstSeen : at;
    }

    public SourceState withLastSuccess(Instant at) {
        return new SourceState(sourceId, etag, lastModified, lastAttempt, at, lastStatus, lastError, consecutiveFailures,
                itemsPublished, healthBreachId, lastNewItemAt, meanItemGap, firstSeen, lastEntryCount, heldChange,
                heldAgreements, note, hoursOfWeek, windows, nextPoll);
    }

    public SourceState withHealthBreach(String breachId) {
        return new SourceState(sourceId, etag, lastModified, lastAttempt, lastSuccess, lastStatus, lastError,
                consecutiveFailures, itemsPublished, breachId, lastNewItemAt, meanItemGap, firstSeen, lastEntryCount,
                heldChange, heldAgreements, note, hoursOfWeek, windows, nextPoll);
    }

    public SourceState withHeldChange(String change, int agreements) {
        return new SourceState(sourceId, etag, lastModified, lastAttempt, lastSuccess, lastStatus, lastError,
                consecutiveFailures, itemsPublished, healthBreachId, lastNewItemAt, meanItemGap, firstSeen, lastEntryCount,
                change, agreements, note, hoursOfWeek, windows, nextPoll);
    }

    public SourceState withNote(String newNote) {
        return new SourceState(sourceId, etag, lastModified, lastAttempt, lastSuccess, lastStatus, lastError,
                consecutiveFailures, itemsPublished, healthBreachId, lastNewItemAt, meanItemGap, firstSeen, lastEntryCount,
                heldChange, heldAgreements, newNote, hoursOfWeek, windows, nextPoll);
    }

    /** New items today update the rhythm: the gap since the last ones weighs a quarter of the average. */
    public SourceState withNewItems(Instant at) {
        Duration gap = lastNewItemAt == null ? null : Duration.between(lastNewItemAt, at);
        Duration mean = gap == null || gap.isNegative() ? meanItemGap
                : meanItemGap == null ? gap : Duration.ofSeconds((long) (0.75 * meanItemGap.toSeconds() + 0.25 * gap.toSeconds()));
        return new SourceState(sourceId, etag, lastModified, lastAttempt, lastSuccess, lastStatus, lastError,
                consecutiveFailures, itemsPublished, healthBreachId, at, mean, firstSeen, lastEntryCount, heldChange,
                heldAgreements, note, hoursOfWeek, windows, nextPoll);
    }

    /** With the publication times of new items counted into its hours of the week (in {@code zone}). */
    public SourceState withPublished(java.util.Collection<Instant> published, java.time.ZoneId zone) {
        if (published.isEmpty()) {
            return this;
        }
        java.util.List<Integer> hours = new java.util.ArrayList<>(hoursOfWeek != null && hoursOfWeek.size() == 168
                ? hoursOfWeek : java.util.Collections.nCopies(168, 0));
        for (Instant at : published) {
            java.time.ZonedDateTime local = at.atZone(zone);
            int slot = (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
            hours.set(slot, hours.get(slot) + 1);
        }
        return new SourceState(sourceId, etag, lastModified, lastAttempt, lastSuccess, lastStatus, lastError,
                consecutiveFailures, itemsPublished, healthBreachId, lastNewItemAt, meanItemGap, firstSeen, lastEntryCount,
                heldChange, heldAgreements, note, java.util.List.copyOf(hours), windows, nextPoll);
    }

    /** With the windows it is polled by and when its next poll is due (for the panel). */
    public SourceState withSchedule(String newWindows, Instant next) {
        return new SourceState(sourceId, etag, lastModified, lastAttempt, lastSuccess, lastStatus, lastError,
                consecutiveFailures, itemsPublished, healthBreachId, lastNewItemAt, meanItemGap, firstSeen, lastEntryCount,
                heldChange, heldAgreements, note, hoursOfWeek, newWindows, next);
    }

    /** Items a day at the usual rhythm, or null while it is not known. */
    public Double itemsPerDay() {
        return meanItemGap == null || meanItemGap.isZero() ? null : 86_400.0 / meanItemGap.toSeconds();
    }
}
