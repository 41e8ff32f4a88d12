package chokepoint.config;

import chokepoint.records.Complete;

import java.time.Duration;
import java.util.List;

/**
 * A threshold rule: which indicators it counts, per what group, over which sliding window of indicator time,
 * and when it fires. Kinds:
 * <ul>
 *   <li>{@code count}: at least {@code threshold} indicators inside {@code window};</li>
 *   <li>{@code severity-sum}: their severities add up to at least {@code threshold};</li>
 *   <li>{@code rate}: the count inside {@code window} is at least {@code factor} times what the {@code baseline}
 *       window (e.g. 90 days) gives for a window of that length, and at least {@code threshold};</li>
 *   <li>{@code escalation}: a THREATENED indicator followed inside {@code window} by an IMPOSED one, same group.</li>
 * </ul>
 *
 * @param id          stable name; part of every breach id
 * @param name        what people read
 * @param kind        count, severity-sum, rate or escalation
 * @param measures    measures that count (empty: any)
 * @param stages      stages that count (empty: THREATENED, INVESTIGATING, IMPOSED)
 * @param actors      actors that count (empty: any)
 * @param targets     indicators must target one of these (empty: any)
 * @param sectors     indicators must hit one of these (empty: any)
 * @param sourceKinds indicators must come from a source of one of these kinds (empty: any)
 * @param minSeverity indicators below are ignored
 * @param groupBy     {@code actor}, {@code actor-target} or {@code all}
 * @param window      sliding window length
 * @param threshold   the level: a count, a severity sum, or the minimum count of a rate rule
 * @param baseline    for rate rules: the long window the short one is compared with
 * @param factor      for rate rules: how many times the baseline rate the window must reach
 * @param grace       how late an indicator may arrive, behind the newest of its group, and still be counted at its
 *                    own time (a feed's backlog, the notices published during an outage, a replay); default
 *                    {@link #DEFAULT_GRACE} or the window if longer. Older ones are recorded as not counted.
 * @param lifecycle   dates reached in measures' lives that count, as the measure register publishes them
 *                    ({@code takes-effect}, {@code takes-effect-soon}, {@code suspension-ends},
 *                    {@code suspension-ends-soon}, {@code expires}, {@code expires-soon}); a rule that names none
 *                    counts what sources publish and never these, so that a measure is not counted again on its dates
 * @param meta        who wrote the rule and from where, as stored on {@code chokepoint.rules}; null in a file or a request
 */
public record ThresholdRule(String id, String name, String kind, List<String> measures, List<String> stages,
                            List<String> actors, List<String> targets, List<String> sectors, List<String> sourceKinds,
                            int minSeverity, String groupBy, Duration window, int threshold, Duration baseline,
                            double factor, Duration grace, List<String> lifecycle, RuleMeta meta) implements Complete {

    /** The dates a rule may select by {@link #lifecycle()}. */
    public static final List<String> LIFECYCLE = List.of("takes-effect", "takes-effect-soon", "suspension-ends",
            "suspension-ends-soon", "expires", "expires-soon");

    /** A rule as a file or a request gives it. */
    public ThresholdRule(String id, String name, String kind, List<String> measures, List<String> stages,
                         List<String> actors, List<String> targets, List<String> sectors, List<String> sourceKinds,
                         int minSeverity, String groupBy, Duration window, int threshold, Duration baseline,
                         double factor, Duration grace, List<String> lifecycle) {
        this(id, name, kind, measures, stages, actors, targets, sectors, sourceKinds, minSeverity, groupBy, window,
                threshold, baseline, factor, grace, lifecycle, null);
    }

    /** A rule over what sources publish. */
    public ThresholdRule(String id, String name, String kind, List<String> measures, List<String> stages,
                         List<String> actors, List<String> targets, List<String> sectors, List<String> sourceKinds,
                         int minSeverity, String groupBy, Duration window, int threshold, Duration baseline,
                         double factor, Duration grace) {
        this(id, name, kind, measures, stages, actors, targets, sectors, sourceKinds, minSeverity, groupBy, window,
                threshold, baseline, factor, grace, List.of());
    }
    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"id"}, id);
    }


    /** How late an indicator is still counted at its own time, unless a rule says otherwise. */
    public static final Duration DEFAULT_GRACE = Duration.ofDays(30);

    public static final String COUNT = "count";
    public static final String SEVERITY_SUM = "severity-sum";
    public static final String RATE = "rate";
    public static final String ESCALATION = "escalation";

    public ThresholdRule {
        kind = kind == null ? COUNT : kind;
        measures = measures == null ? List.of() : List.copyOf(measures);
        stages = stages == null ? List.of() : List.copyOf(stages);
        actors = actors == null ? List.of() : List.copyOf(actors);
        targets = targets == null ? List.of() : List.copyOf(targets);
        sectors = sectors == null ? List.of() : List.copyOf(sectors);
        sourceKinds = sourceKinds == null ? List.of() : List.copyOf(sourceKinds);
        lifecycle = lifecycle == null ? List.of() : List.copyOf(lifecycle);
        groupBy = groupBy == null ? "actor" : groupBy;
        factor = factor == 0 ? 3.0 : factor;
        grace = grace == null ? (window != null && window.compareTo(DEFAULT_GRACE) > 0 ? window : DEFAULT_GRACE) : grace;
    }

    /** The same rule as stored by {@code meta}. */
    public ThresholdRule withMeta(RuleMeta newMeta) {
        return new ThresholdRule(id, name, kind, measures, stages, actors, targets, sectors, sourceKinds, minSeverity,
                groupBy, window, threshold, baseline, factor, grace, lifecycle, newMeta);
    }

    /** Whether two rules count and fire alike, whoever wrote them. */
    public boolean sameRuleAs(ThresholdRule other) {
        return other != null && withMeta(null).equals(other.withMeta(null));
    }

    /** A deleted rule's record: kept on the rules topic so that the configuration file does not bring it back. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean deleted() {
        return meta != null && meta.deleted();
    }

    /** Whether a rate rule compares its window with a longer baseline. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean comparesBaseline() {
        return RATE.equals(kind) && baseline != null && baseline.compareTo(window) > 0;
    }

    /** How far back an evaluation at one moment reads: the window, or a rate rule's longer baseline. */
    public Duration span() {
        return comparesBaseline() ? baseline : window;
    }

    /** How far behind its newest indicator a group must remember: the window (or baseline) plus the grace. */
    public Duration memory() {
        return grace == null ? span() : span().plus(grace);
    }
}
