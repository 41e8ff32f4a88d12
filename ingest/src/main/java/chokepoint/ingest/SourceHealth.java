package chokepoint.ingest;

import chokepoint.records.Breach;
import chokepoint.records.SourceState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A source that keeps failing raises a breach on {@code chokepoint.breaches}, the same alert path as everything
 * else (Slack, the page, history): FIRING after {@link #FAILURES_TO_ALERT} failures in a row (errors, refusals,
 * bot-block pages that are not feeds), RESOLVED at its next success.
 */
final class SourceHealth {

    static final int FAILURES_TO_ALERT = 3;
    static final String RULE_ID = "source-health";

    private SourceHealth() {
    }

    /** The breach to publish with this failure, or null. */
    static Breach onFailure(SourceState failed, Instant now) {
        if (failed.consecutiveFailures() != FAILURES_TO_ALERT) {
            return null;
        }
        String id = RULE_ID + "|" + failed.sourceId() + "|" + now.toEpochMilli();
        return breach(id, failed, Breach.State.FIRING, now);
    }

    /** The resolution to publish with this success, or null when no health breach is open. */
    static Breach onSuccess(SourceState before, SourceState recovered, Instant now) {
        return before.healthBreachId() == null ? null : breach(before.healthBreachId(), recovered, Breach.State.RESOLVED, now);
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
