package chokepoint.alerts.replay;

import chokepoint.config.ThresholdRule;

import java.time.Instant;
import java.util.List;

/**
 * What to replay.
 *
 * @param from            items published at or after this
 * @param to              and before this
 * @param rules           threshold rules to use instead of today's (null: today's)
 * @param classifierRules a classifier rule file's text to use instead of the bundled one (null: bundled)
 */
public record ReplayRequest(Instant from, Instant to, List<ThresholdRule> rules, String classifierRules) {
}
