package chokepoint.records;

import java.time.Instant;
import java.util.List;

/**
 * A threshold rule crossing, published on {@code chokepoint.breaches} keyed by {@link #id()}; each change of
 * state is a new record under the same id.
 *
 * @param id              stable: rule id, group key and the time the crossing began
 * @param ruleId          the threshold rule
 * @param ruleName        its human name
 * @param kind            the rule's kind (count, severity-sum, rate, escalation)
 * @param groupKey        what the rule counts per (the actor, actor→target, or all)
 * @param actor           the actor of the group, when the group has one
 * @param targets         every target of the indicators inside the window
 * @param sectors         every sector they hit
 * @param state           FIRING or RESOLVED
 * @param count           indicators inside the window now
 * @param value           what was compared with the threshold: the count, the severity sum, or the rate ratio
 * @param threshold       the level the rule fires at
 * @param window          the window length, ISO-8601
 * @param firedAt         when it crossed (indicator time)
 * @param updatedAt       when this state was computed (indicator or stream time)
 * @param indicators      the indicators inside the window, oldest first
 * @param criteria        what the breach says to each Art. 2(2) criterion of the Anti-Coercion Instrument
 * @param responseOptions EU responses (ACI Annex I) that fit the measures and sectors
 * @param counterLeverage where the actor depends on Europe, when known
 * @param resolution      on a RESOLVED record, why: {@link #WINDOW_MOVED_ON}, {@link #RULE_CHANGED}, {@link #RULE_DELETED}
 *                        or {@link #INDICATOR_WITHDRAWN}; null otherwise
 */
public record Breach(String id, String ruleId, String ruleName, String kind, String groupKey, String actor,
                     List<String> targets, List<String> sectors, State state, int count, double value, int threshold,
                     String window, Instant firedAt, Instant updatedAt, List<IndicatorRef> indicators,
                     List<Criterion> criteria, List<String> responseOptions, List<String> counterLeverage,
                     String resolution) implements Complete {

    public static final String WINDOW_MOVED_ON = "window moved on";
    public static final String RULE_CHANGED = "rule changed";
    public static final String RULE_DELETED = "rule deleted";
    public static final String INDICATOR_WITHDRAWN = "indicator withdrawn or corrected";

    /** A breach record that gives no reason for its state (firing, or a health change). */
    public Breach(String id, String ruleId, String ruleName, String kind, String groupKey, String actor,
                  List<String> targets, List<String> sectors, State state, int count, double value, int threshold,
                  String window, Instant firedAt, Instant updatedAt, List<IndicatorRef> indicators,
                  List<Criterion> criteria, List<String> responseOptions, List<String> counterLeverage) {
        this(id, ruleId, ruleName, kind, groupKey, actor, targets, sectors, state, count, value, threshold, window, firedAt,
                updatedAt, indicators, criteria, responseOptions, counterLeverage, null);
    }

    /** The rule of ingest's breaches about a source that fails, falls silent or comes back. */
    public static final String SOURCE_HEALTH_RULE = "source-health";

    /** The rule of ingest's breaches about a list snapshot held back as a mass change. */
    public static final String SOURCE_SNAPSHOT_RULE = "source-snapshot";

    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"id", "ruleId", "state"}, id, ruleId, state);
    }


    public enum State { FIRING, RESOLVED }

    public Breach {
        targets = targets == null ? List.of() : List.copyOf(targets);
        sectors = sectors == null ? List.of() : List.copyOf(sectors);
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
        responseOptions = responseOptions == null ? List.of() : List.copyOf(responseOptions);
        counterLeverage = counterLeverage == null ? List.of() : List.copyOf(counterLeverage);
    }

    /**
     * One Art. 2(2) criterion and the figure behind it.
     *
     * @param name   intensity, frequency, duration, breadth or pattern
     * @param figure what the indicators show, e.g. "4 indicators in 7d (0.57 a day)"
     */
    public record Criterion(String name, String figure) {
    }

    /** The part of an indicator a breach message needs. */
    public record IndicatorRef(String id, String title, String url, String sourceId, Measure measure, Stage stage,
                               String actor, List<String> targets, List<String> sectors, int severity,
                               String evidence, Instant occurredAt) {

        public IndicatorRef {
            targets = targets == null ? List.of() : List.copyOf(targets);
            sectors = sectors == null ? List.of() : List.copyOf(sectors);
        }

        /** The English gist of a non-English title ({@link Gist}); null for an English one. */
        @com.fasterxml.jackson.annotation.JsonProperty(value = "gist", access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
        public String gist() {
            return Gist.of(title, measure, stage, actor, targets, sectors, null);
        }

        public static IndicatorRef of(Indicator indicator) {
            String evidence = indicator.evidence().isEmpty() ? null : indicator.evidence().get(0).matched();
            return new IndicatorRef(indicator.id(), indicator.title(), indicator.url(), indicator.sourceId(),
                    indicator.measure(), indicator.stage(), indicator.actor(), indicator.targets(), indicator.sectors(),
                    indicator.severity(), evidence, indicator.occurredAt());
        }
    }
}
