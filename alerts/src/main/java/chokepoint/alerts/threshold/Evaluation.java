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
        Duration baselineOnly = rule.baseline().minus(rule.window());
        double expected = Math.max(1.0, before * (double) rule.window().toSeconds() / baselineOnly.toSeconds());
        double ratio = inside.size() / expected;
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
