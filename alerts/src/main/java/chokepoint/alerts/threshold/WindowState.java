package chokepoint.alerts.threshold;

import chokepoint.records.Breach;

import java.time.Instant;
import java.util.List;

/**
 * What a rule remembers for one group: the indicators inside its window (oldest first) and, while it fires,
 * the breach it raised. Kept in the {@code threshold-windows} store, so a restart resumes mid-window.
 *
 * @param indicators inside the window, oldest first
 * @param breachId   the open breach, or null when not firing
 * @param firedAt    when the open breach crossed
 */
public record WindowState(List<Breach.IndicatorRef> indicators, String breachId, Instant firedAt) {

    public WindowState {
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
    }

    static WindowState empty() {
        return new WindowState(List.of(), null, null);
    }

    boolean firing() {
        return breachId != null;
    }
}
