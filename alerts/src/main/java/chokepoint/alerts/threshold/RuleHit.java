package chokepoint.alerts.threshold;

import chokepoint.records.Breach;

/**
 * An indicator counted, or no longer counted, by one rule in one group: the unit that is repartitioned by
 * {@code ruleId|groupKey}. It carries the indicator's reference (what a breach shows of it), not the indicator with
 * its evidence and sources: a thousand rules make about twenty hits of each indicator.
 *
 * @param retract the indicator no longer counts here (it was corrected, reclassified or moved in time): take it out
 */
public record RuleHit(String ruleId, String groupKey, Breach.IndicatorRef ref, boolean retract) {

    static RuleHit add(String ruleId, String groupKey, Breach.IndicatorRef ref) {
        return new RuleHit(ruleId, groupKey, ref, false);
    }

    static RuleHit retract(String ruleId, String groupKey, Breach.IndicatorRef ref) {
        return new RuleHit(ruleId, groupKey, ref, true);
    }

    public String stateKey() {
        return stateKey(ruleId, groupKey);
    }

    static String stateKey(String ruleId, String groupKey) {
        return ruleId + "|" + groupKey;
    }
}
