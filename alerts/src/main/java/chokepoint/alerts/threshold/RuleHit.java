package chokepoint.alerts.threshold;

import chokepoint.records.Indicator;

/** An indicator counted by one rule in one group: the unit that is repartitioned by {@code ruleId|groupKey}. */
public record RuleHit(String ruleId, String groupKey, Indicator indicator) {

    public String stateKey() {
        return ruleId + "|" + groupKey;
    }
}
