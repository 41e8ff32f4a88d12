package chokepoint.alerts.threshold;

import java.time.Instant;

/** A breach's id: its rule, its group and the moment it crossed, stable across updates and restarts. */
final class BreachIds {

    private BreachIds() {
    }

    static String of(String ruleId, String groupKey, Instant crossedAt) {
        return ruleId + "|" + groupKey + "|" + crossedAt.toEpochMilli();
    }
}
