package chokepoint.ingest;

import chokepoint.records.Breach;
import chokepoint.records.BreachIds;
import chokepoint.records.SourceState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A source in trouble raises a breach on {@code chokepoint.breaches}, the same alert path as everything else
 * (Slack, the page, history): FIRING after {@link #FAILURES_TO_ALERT} failures in a row (errors, refusals,
 * bot-block pages that are not feeds), RESOLVED at its next success; or FIRING when it answers but has brought
 * nothing new for {@link #SILENCE_FACTOR} times its usual rhythm (and at least a day), RESOLVED when it does again.
 */
final class SourceHealth {

    static final int FAILURES_TO_ALERT = 3;
    static final String RULE_ID = Breach.SOURCE_HEALTH_RULE;
    static final String SILENCE_RULE_ID = "source-silence";
    static final String SNAPSHOT_RULE_ID = Breach.SOURCE_SNAPSHOT_RULE;
    static final int SILENCE_FACTOR = 5;
    static final java.time.Duration MIN_SILENCE = java.time.Duration.ofDays(1);

    private SourceHealth() {
    }

    /** The breach to publish with this failure, or null. */
    static Breach onFailure(SourceState failed, Instant now) {
        if (failed.consecutiveFailures() != FAILURES_TO_ALERT) {
            return null;
        }
        String id = BreachIds.of(RULE_ID, failed.sourceId(), now);
        return breach(id, failed, Breach.State.FIRING, now);
    }

    /**
     * What this successful poll changes: a failure breach resolves; a silence breach resolves when something new
     * came; a source silent for too long raises one. Null when nothing changes.
     */
    static Breach onSuccess(SourceState before, SourceState after, int fresh, Instant now) {
        String open = before.healthBreachId();
        if (open != null && BreachIds.ruleOf(open).equals(SNAPSHOT_RULE_ID)) {
            return null;  // ends with the snapshot it holds (massChangeEnded)
        }
        if (open != null && BreachIds.ruleOf(open).equals(RULE_ID)) {
            return breach(open, after, Breach.State.RESOLVED, now);
        }
        if (open != null && BreachIds.ruleOf(open).equals(SILENCE_RULE_ID)) {
            return fresh > 0 ? silence(open, after, Breach.State.RESOLVED, now) : null;
        }
        if (fresh == 0 && silent(after, now)) {
            return silence(BreachIds.of(SILENCE_RULE_ID, after.sourceId(), now), after, Breach.State.FIRING, now);
        }
        return null;
    }

    /** The state that remembers the breach now open, or forgets the one resolved. */
    static SourceState track(SourceState state, Breach health) {
        if (health == null) {
            return state;
        }
        return state.withHealthBreach(health.state() == Breach.State.FIRING ? health.id() : null);
    }

    static boolean silent(SourceState state, Instant now) {
        if (state.lastNewItemAt() == null) {
            // Never anything: a source that has published nothing and listed nothing a day after it was first polled
            // is broken from the start (a listing whose layout changed before we ever read it), not quiet.
            return state.itemsPublished() == 0 && (state.lastEntryCount() == null || state.lastEntryCount() == 0)
                    && state.firstSeen() != null && state.firstSeen().plus(MIN_SILENCE).isBefore(now);
        }
        if (state.meanItemGap() == null) {
            return false;
        }
        java.time.Duration limit = state.meanItemGap().multipliedBy(SILENCE_FACTOR);
        if (limit.compareTo(MIN_SILENCE) < 0) {
            limit = MIN_SILENCE;
        }
        return state.lastNewItemAt().plus(limit).isBefore(now);
    }

    private static Breach silence(String id, SourceState state, Breach.State breachState, Instant now) {
        List<Breach.Criterion> facts = state.lastNewItemAt() == null
                ? List.of(new Breach.Criterion("published", "nothing since it was first polled on " + state.firstSeen()),
                        new Breach.Criterion("entries seen", String.valueOf(state.lastEntryCount())))
                : List.of(new Breach.Criterion("last new item", String.valueOf(state.lastNewItemAt())),
                        new Breach.Criterion("usual rhythm", state.itemsPerDay() == null ? "not known yet"
                                : String.format("%.1f item(s) a day", state.itemsPerDay())));
        return new Breach(id, SILENCE_RULE_ID, "Source silent: " + state.sourceId(), "health", state.sourceId(), null,
                List.of(), List.of(), breachState, 0, 0, SILENCE_FACTOR, null, now, now, List.of(), facts, List.of(), List.of());
    }

    /** The panel's words for a held snapshot ({@code fingerprint|added|removed|size}). */
    static String heldNote(String held, int agreements) {
        String[] parts = held.split("\\|");
        return String.format("snapshot would add %,d and remove %,d of %,d entries: held until %d later snapshot(s) agree (%d so far)",
                Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]), SourcePoller.SNAPSHOTS_TO_AGREE, agreements);
    }

    /** A list snapshot held for its mass change: FIRING until it is published or goes away. */
    static Breach massChange(SourceState state, String held, Instant now) {
        String id = BreachIds.of(SNAPSHOT_RULE_ID, state.sourceId(), now);
        List<Breach.Criterion> facts = List.of(new Breach.Criterion("snapshot", heldNote(held, 0)));
        return new Breach(id, SNAPSHOT_RULE_ID, "List snapshot held: " + state.sourceId(), "health", state.sourceId(), null,
                List.of(), List.of(), Breach.State.FIRING, 0, 0, 0, null, now, now, List.of(), facts, List.of(), List.of());
    }

    /** The held snapshot's breach ends: its change was published, or a later snapshot no longer shows it. */
    static Breach massChangeEnded(SourceState before, Instant now) {
        String open = before.healthBreachId();
        if (open == null || !BreachIds.ruleOf(open).equals(SNAPSHOT_RULE_ID)) {
            return null;
        }
        return new Breach(open, SNAPSHOT_RULE_ID, "List snapshot held: " + before.sourceId(), "health", before.sourceId(), null,
                List.of(), List.of(), Breach.State.RESOLVED, 0, 0, 0, null, now, now, List.of(),
                List.of(new Breach.Criterion("snapshot", "published or withdrawn")), List.of(), List.of());
    }

    private static Breach breach(String id, SourceState state, Breach.State breachState, Instant now) {
        List<Breach.Criterion> facts = new ArrayList<>();
        facts.add(new Breach.Criterion("failures in a row", Integer.toString(state.consecutiveFailures())));
        if (state.lastError() != null) {
            facts.add(new Breach.Criterion("last error", state.lastError()));
        }
        facts.add(new Breach.Criterion("last success", state.lastSuccess() == null ? "never" : state.lastSuccess().toString()));
        return new Breach(id, RULE_ID, "Source failing: " + state.sourceId(), "health", state.sourceId(), null, List.of(),
                List.of(), breachState, state.consecutiveFailures(), state.consecutiveFailures(), FAILURES_TO_ALERT,
                null, now, now, List.of(), facts, List.of(), List.of());
    }
}
