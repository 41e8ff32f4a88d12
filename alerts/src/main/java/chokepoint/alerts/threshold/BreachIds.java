package chokepoint.alerts.threshold;

import java.time.Instant;

/**
 * A breach's id: its rule, its group and the moment it crossed, stable across updates and restarts; in the form of
 * {@link chokepoint.records.BreachIds} ({@code rule~group~millis}, no character a link must escape), which also reads
 * the ids written before ({@code rule|group|millis}).
 */
final class BreachIds {

    private BreachIds() {
    }

    static String of(String ruleId, String groupKey, Instant crossedAt) {
        return chokepoint.records.BreachIds.of(ruleId, groupKey, crossedAt);
    }
}
