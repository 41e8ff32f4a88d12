package chokepoint.alerts.threshold;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/**
 * Where the {@link RuleRegistry} is made: in a process that runs the web (the rules API) or threshold evaluation (which
 * seeds the file's rules through it), not in one that only delivers.
 */
public final class RulesWanted implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        return context.getProperty("chokepoint.run.web", Boolean.class).orElse(true)
                || context.getProperty("chokepoint.run.thresholds", Boolean.class).orElse(true);
    }
}
