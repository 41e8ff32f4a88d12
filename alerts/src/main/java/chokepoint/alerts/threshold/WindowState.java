package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;

import java.time.Instant;
import java.util.List;

/**
 * What a rule remembers for one group: the indicators inside its memory (the window, or the baseline of a rate
 * rule), oldest first, and, while it fires, the breach it raised. Kept in the {@code threshold-windows} store, so
 * a restart resumes mid-window.
 *
 * @param rule       the rule as it was last applied, so that a breach can still be resolved after its removal
 * @param indicators inside the rule's memory, oldest first
 * @param breachId   the open breach, or null when not firing
 * @param firedAt    when the open breach crossed
 * @param lastBreach the breach most recently resolved, which a new crossing soon after reopens instead of repeating
 * @param lastFiredAt when that breach first crossed
 * @param resolvedAt when it was resolved
 */
public record WindowState(ThresholdRule rule, List<Breach.IndicatorRef> indicators, String breachId, Instant firedAt,
                          String lastBreach, Instant lastFiredAt, Instant resolvedAt) {

    public WindowState {
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
    }

    static WindowState empty(ThresholdRule rule) {
        return new WindowState(rule, List.of(), null, null, null, null, null);
    }

    boolean firing() {
        return breachId != null;
    }

    WindowState with(ThresholdRule newRule, List<Breach.IndicatorRef> newIndicators) {
        return new WindowState(newRule, newIndicators, breachId, firedAt, lastBreach, lastFiredAt, resolvedAt);
    }

    /**
     * Opens a breach crossing at {@code at}: the one resolved less than a window ago if there is one (a group that
     * dips below its level and comes back is one episode, not a repeat), else a new one with the given id.
     */
    WindowState fired(String newId, Instant at) {
        if (lastBreach != null && resolvedAt != null && at.isBefore(resolvedAt.plus(rule.window()))) {
            return new WindowState(rule, indicators, lastBreach, lastFiredAt, null, null, null);
        }
        return new WindowState(rule, indicators, newId, at, null, null, null);
    }

    WindowState resolved(Instant at) {
        return new WindowState(rule, indicators, null, null, breachId, firedAt, at);
    }
}
