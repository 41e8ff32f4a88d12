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
 */
public record WindowState(ThresholdRule rule, List<Breach.IndicatorRef> indicators, String breachId, Instant firedAt) {

    public WindowState {
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
    }

    static WindowState empty(ThresholdRule rule) {
        return new WindowState(rule, List.of(), null, null);
    }

    boolean firing() {
        return breachId != null;
    }

    WindowState with(ThresholdRule newRule, List<Breach.IndicatorRef> newIndicators) {
        return new WindowState(newRule, newIndicators, breachId, firedAt);
    }

    WindowState fired(String id, Instant at) {
        return new WindowState(rule, indicators, id, at);
    }

    WindowState resolved() {
        return new WindowState(rule, indicators, null, null);
    }
}
