package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether a rule's group is above its level at a moment, and by how much: the one place where the rule kinds
 * differ.
 *
 * @param fires  above the level
 * @param value  the count, the severity sum, the rate ratio, or 1 for an escalation seen
 * @param inside the indicators inside the window
 */
record Evaluation(boolean fires, double value, List<Breach.IndicatorRef> inside) {

    static Evaluation of(ThresholdRule rule, List<Breach.IndicatorRef> remembered, Instant now) {
        Instant windowStart = now.minus(rule.window());
        List<Breach.IndicatorRef> inside = remembered.stream()
                .filter(ref -> ref.occurredAt().isAfter(windowStart) && !ref.occurredAt().isAfter(now)).toList();
        return switch (rule.kind()) {
            case ThresholdRule.SEVERITY_SUM -> {
                int sum = inside.stream().mapToInt(Breach.IndicatorRef::severity).sum();
                yield new Evaluation(sum >= rule.threshold(), sum, inside);
            }
            case ThresholdRule.RATE -> rate(rule, remembered, inside, now);
            case ThresholdRule.ESCALATION -> {
                boolean escalated = escalated(inside);
                yield new Evaluation(escalated, escalated ? 1 : 0, inside);
            }
            default -> new Evaluation(inside.size() >= rule.threshold(), inside.size(), inside);
        };
    }

    /** The first moment in [from, to] at which the group is at or above its level, or null. */
    static Instant firstCrossing(ThresholdRule rule, List<Breach.IndicatorRef> around, Instant from, Instant to) {
        for (Breach.IndicatorRef ref : around) {
            Instant moment = ref.occurredAt();
            if (!moment.isBefore(from) && !moment.isAfter(to) && of(rule, around, moment).fires()) {
                return moment;
            }
        }
        return null;
    }

    /**
     * When a breach raised late fell back: the first of its indicators' moments after the crossing at which the
     * group is below its level, brought back to the moment its newest indicator before it left the window.
     */
    static Instant fellBelow(ThresholdRule rule, List<Breach.IndicatorRef> around, Instant crossing, Instant end) {
        Instant newestFiring = crossing;
        for (Breach.IndicatorRef ref : around) {
            Instant moment = ref.occurredAt();
            if (moment.isAfter(crossing) && !moment.isAfter(end)) {
                if (!of(rule, around, moment).fires()) {
                    return Moments.earlier(moment, newestFiring.plus(rule.window()));
                }
                newestFiring = moment;
            }
        }
        return Moments.earlier(end, newestFiring.plus(rule.window()));
    }

    /**
     * The same decision from a group's running figures at its clock (the count and severity sum of its window, the
     * count of its baseline before the window), without reading the indicators; not for escalation rules, whose
     * order matters. {@code inside} is left empty: a breach's record reads its window when it is written.
     */
    static Evaluation fromFigures(ThresholdRule rule, int count, long severitySum, int baselineCount) {
        return switch (rule.kind()) {
            case ThresholdRule.SEVERITY_SUM -> new Evaluation(severitySum >= rule.threshold(), severitySum, List.of());
            case ThresholdRule.RATE -> {
                double ratio = count / expected(rule, baselineCount);
                yield new Evaluation(count >= rule.threshold() && ratio >= rule.factor(), ratio, List.of());
            }
            case ThresholdRule.ESCALATION -> throw new IllegalArgumentException("an escalation needs its indicators in order");
            default -> new Evaluation(count >= rule.threshold(), count, List.of());
        };
    }

    /** What the baseline predicts for a window's length; with an empty baseline, about one. */
    private static double expected(ThresholdRule rule, long baselineCount) {
        if (rule.baseline() == null || rule.baseline().compareTo(rule.window()) <= 0) {
            return 1.0;
        }
        Duration baselineOnly = rule.baseline().minus(rule.window());
        return Math.max(1.0, baselineCount * (double) rule.window().toSeconds() / baselineOnly.toSeconds());
    }

    /**
     * The window's count against what the baseline predicts for a window of that length. With an empty baseline
     * the prediction is one indicator, so a first burst is measured against "about one".
     */
    private static Evaluation rate(ThresholdRule rule, List<Breach.IndicatorRef> remembered,
                                   List<Breach.IndicatorRef> inside, Instant now) {
        Instant baselineStart = now.minus(rule.baseline());
        Instant windowStart = now.minus(rule.window());
        long before = remembered.stream()
                .filter(ref -> ref.occurredAt().isAfter(baselineStart) && !ref.occurredAt().isAfter(windowStart)).count();
        double ratio = inside.size() / expected(rule, before);
        return new Evaluation(inside.size() >= rule.threshold() && ratio >= rule.factor(), ratio, inside);
    }

    /** A threat followed by an imposition, in that order, inside the window. */
    private static boolean escalated(List<Breach.IndicatorRef> inside) {
        Instant firstThreat = null;
        for (Breach.IndicatorRef ref : inside) {
            if (ref.stage() == Stage.THREATENED && firstThreat == null) {
                firstThreat = ref.occurredAt();
            } else if (ref.stage() == Stage.IMPOSED && firstThreat != null && ref.occurredAt().isAfter(firstThreat)) {
                return true;
            }
        }
        return false;
    }
}
