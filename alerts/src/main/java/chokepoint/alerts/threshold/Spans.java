package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;

import java.time.Duration;

/** How far back a rule's group looks: its window, or a rate rule's baseline when that is longer. */
final class Spans {

    private Spans() {
    }

    /** Whether the rule compares its window with a longer baseline. */
    static boolean isRate(ThresholdRule rule) {
        return ThresholdRule.RATE.equals(rule.kind()) && rule.baseline() != null && rule.baseline().compareTo(rule.window()) > 0;
    }

    /** How far back an evaluation at one moment reads: the window, or a rate rule's baseline. */
    static Duration of(ThresholdRule rule) {
        return isRate(rule) ? rule.baseline() : rule.window();
    }
}
