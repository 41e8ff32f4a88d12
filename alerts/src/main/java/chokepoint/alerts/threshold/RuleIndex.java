package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Indicator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules in force arranged by the measure and the actor they select, so that an indicator is matched against a
 * thousand rules by looking up the few that can count it (its measure and actor, or any) instead of trying each.
 * Built anew whenever the rules change; read by every indicator.
 */
final class RuleIndex {

    private static final String ANY = "*";

    private final Map<String, Map<String, List<ThresholdRule>>> byMeasureThenActor;

    private RuleIndex(Map<String, Map<String, List<ThresholdRule>>> byMeasureThenActor) {
        this.byMeasureThenActor = byMeasureThenActor;
    }

    static RuleIndex of(Collection<ThresholdRule> rules) {
        Map<String, Map<String, List<ThresholdRule>>> index = new HashMap<>();
        for (ThresholdRule rule : rules) {
            for (String measure : rule.measures().isEmpty() ? List.of(ANY) : rule.measures()) {
                for (String actor : rule.actors().isEmpty() ? List.of(ANY) : rule.actors()) {
                    index.computeIfAbsent(measure, m -> new HashMap<>()).computeIfAbsent(actor, a -> new ArrayList<>()).add(rule);
                }
            }
        }
        return new RuleIndex(index);
    }

    /** The rules that count {@code indicator}, each once. */
    List<ThresholdRule> selecting(Indicator indicator) {
        List<ThresholdRule> found = new ArrayList<>();
        String measure = indicator.measure() == null ? ANY : indicator.measure().name();
        for (String m : measure.equals(ANY) ? List.of(ANY) : List.of(measure, ANY)) {
            Map<String, List<ThresholdRule>> byActor = byMeasureThenActor.get(m);
            if (byActor == null) {
                continue;
            }
            for (String a : indicator.actor() == null ? List.of(ANY) : List.of(indicator.actor(), ANY)) {
                for (ThresholdRule rule : byActor.getOrDefault(a, List.of())) {
                    if (RuleSelector.selects(rule, indicator)) {
                        found.add(rule);
                    }
                }
            }
        }
        return found;
    }
}
