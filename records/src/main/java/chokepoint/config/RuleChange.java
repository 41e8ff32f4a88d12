package chokepoint.config;

import chokepoint.records.Complete;

import java.time.Instant;
import java.util.List;

/**
 * A request to write a threshold rule, on {@code chokepoint.rule-changes} keyed by rule id, applied in order by the
 * control application, the rules topic's one writer.
 *
 * @param id     the change's own id, which the rule written carries in its {@code meta.change}
 * @param ruleId the rule
 * @param action {@link #PUT} (the API: replaces), {@link #DELETE} (the API), or {@link #SEED} (the configuration
 *               file at start-up: writes a rule that was never there, or updates one the file wrote, and nothing else)
 * @param rule   the rule to write; null for a deletion
 * @param by     who asked
 * @param at     when
 */
public record RuleChange(String id, String ruleId, String action, ThresholdRule rule, String by, Instant at) implements Complete {

    public static final String PUT = "put";
    public static final String DELETE = "delete";
    public static final String SEED = "seed";

    @Override
    public List<String> missing() {
        return Complete.nulls(new String[]{"id", "ruleId", "action"}, id, ruleId, action);
    }
}
