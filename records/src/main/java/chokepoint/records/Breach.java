package chokepoint.records;

import java.time.Instant;
import java.util.List;

/**
 * A threshold rule crossing, published on {@code chokepoint.breaches} keyed by {@link #id()}; each change of
 * state is a new record under the same id.
 *
 * @param id          stable: rule id, group key and the time the crossing began
 * @param ruleId      the threshold rule
 * @param ruleName    its human name
 * @param groupKey    what the rule counts per (e.g. the actor, or actor→target)
 * @param state       FIRING or RESOLVED
 * @param count       indicators inside the window now
 * @param threshold   the level the rule fires at
 * @param window      the window length, ISO-8601
 * @param firedAt     when it crossed (indicator time)
 * @param updatedAt   when this state was computed (indicator or stream time)
 * @param indicators  the indicators inside the window, newest last
 */
public record Breach(String id, String ruleId, String ruleName, String groupKey, State state, int count,
                     int threshold, String window, Instant firedAt, Instant updatedAt,
                     List<IndicatorRef> indicators) {

    public enum State { FIRING, RESOLVED }

    public Breach {
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
    }

    /** The part of an indicator a breach message needs. */
    public record IndicatorRef(String id, String title, String url, Measure measure, Stage stage, String actor,
                               List<String> targets, List<String> sectors, int severity, String evidence,
                               Instant occurredAt) {

        public static IndicatorRef of(Indicator indicator) {
            String evidence = indicator.evidence().isEmpty() ? null : indicator.evidence().get(0).matched();
            return new IndicatorRef(indicator.id(), indicator.title(), indicator.url(), indicator.measure(),
                    indicator.stage(), indicator.actor(), indicator.targets(), indicator.sectors(),
                    indicator.severity(), evidence, indicator.occurredAt());
        }
    }
}
