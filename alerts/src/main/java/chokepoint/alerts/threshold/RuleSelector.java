package chokepoint.alerts.threshold;

import chokepoint.records.Vocabulary;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Indicator;
import chokepoint.records.Stage;

import java.util.ArrayList;
import java.util.List;

/** Decides which indicators a threshold rule counts, and under which group keys. */
final class RuleSelector {

    private RuleSelector() {
    }

    static boolean selects(ThresholdRule rule, Indicator indicator) {
        if (indicator.lifecycle() != null || !rule.lifecycle().isEmpty()) {
            // A date reached counts only for rules about dates, which count nothing else; an ending is news too.
            if (indicator.lifecycle() == null || !rule.lifecycle().contains(indicator.lifecycle())
                    || indicator.measure() == chokepoint.records.Measure.NONE) {
                return false;
            }
        } else if (!indicator.isIndicator()) {
            return false;
        }
        if (indicator.severity() < rule.minSeverity()) {
            return false;
        }
        if (!rule.measures().isEmpty() && !rule.measures().contains(indicator.measure().name())) {
            return false;
        }
        Stage stage = indicator.stage();
        if (!rule.stages().isEmpty() && (stage == null || !rule.stages().contains(stage.name()))) {
            return false;
        }
        if (!rule.actors().isEmpty() && !rule.actors().contains(indicator.actor())) {
            return false;
        }
        if (!rule.sourceKinds().isEmpty() && !rule.sourceKinds().contains(indicator.sourceKind())) {
            return false;
        }
        // A measure on all destinations ("*") is one against every target a rule names (Vocabulary.targetMatches).
        if (!rule.targets().isEmpty() && !Vocabulary.anyTargetMatches(rule.targets(), indicator.targets())) {
            return false;
        }
        return rule.sectors().isEmpty() || indicator.sectors().stream().anyMatch(rule.sectors()::contains);
    }

    /** Whether two versions of a rule select the same indicators into the same groups. */
    static boolean sameSelection(ThresholdRule a, ThresholdRule b) {
        return a.measures().equals(b.measures()) && a.stages().equals(b.stages()) && a.actors().equals(b.actors())
                && a.targets().equals(b.targets()) && a.sectors().equals(b.sectors())
                && a.sourceKinds().equals(b.sourceKinds()) && a.minSeverity() == b.minSeverity()
                && a.groupBy().equals(b.groupBy()) && a.lifecycle().equals(b.lifecycle());
    }

    /** The groups an indicator is counted in: one per actor, per actor→target pair, or a single group. */
    static List<String> groupKeys(ThresholdRule rule, Indicator indicator) {
        String actor = indicator.actor() == null ? "unknown" : indicator.actor();
        return switch (rule.groupBy()) {
            case "all" -> List.of("all");
            case "actor-target" -> {
                List<String> keys = new ArrayList<>();
                List<String> targets = rule.targets().isEmpty() ? indicator.targets()
                        : indicator.targets().stream().filter(t -> Vocabulary.anyTargetMatches(rule.targets(), List.of(t))).toList();
                for (String target : targets) {
                    if (Vocabulary.ALL_DESTINATIONS.equals(target) && !rule.targets().isEmpty()) {
                        // A measure on all destinations presses each target the rule is about.
                        rule.targets().forEach(wanted -> keys.add(actor + "->" + wanted));
                    } else {
                        keys.add(actor + "->" + target);
                    }
                }
                List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(keys));
                yield distinct.isEmpty() ? List.of(actor + "->unknown") : distinct;
            }
            default -> List.of(actor);
        };
    }
}
