package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;

import java.time.Instant;
import java.util.List;

/**
 * What a rule keeps for one group in the {@code threshold-groups} store, of constant size whatever the window's
 * length: the group's clock (its newest indicator), running figures of the window ending there, and the breach it
 * has open. The indicators themselves are one record each in the {@code threshold-refs} store, so that no record
 * grows with the group (a per-actor rule once outgrew Kafka's 1 MB limit and stopped the application).
 *
 * @param rule          the rule as it was last applied, so that a breach can still be resolved after its removal
 * @param newest        the group's newest indicator time: its clock
 * @param count         indicators in (newest - window, newest]
 * @param severitySum   their severities added up
 * @param baselineCount for rate rules: indicators in (newest - baseline, newest - window]
 * @param open          the breach firing now, or null
 * @param forgotten     up to when its indicators and breaches past its memory were last deleted (daily at most)
 * @param due           while it fires: the moment its level may first fall (its oldest indicator in the window
 *                      leaves it), under which it is listed in the {@code threshold-due} store
 */
record GroupState(ThresholdRule rule, Instant newest, int count, long severitySum, int baselineCount, Episode open,
                  Instant forgotten, Instant due) {

    static GroupState empty(ThresholdRule rule) {
        return new GroupState(rule, null, 0, 0, 0, null, null, null);
    }

    GroupState withDue(Instant at) {
        return new GroupState(rule, newest, count, severitySum, baselineCount, open, forgotten, at);
    }

    GroupState withForgotten(Instant upTo) {
        return new GroupState(rule, newest, count, severitySum, baselineCount, open, upTo, due);
    }

    boolean firing() {
        return open != null;
    }

    GroupState withRule(ThresholdRule newRule) {
        return new GroupState(newRule, newest, count, severitySum, baselineCount, open, forgotten, due);
    }

    GroupState withOpen(Episode episode) {
        return new GroupState(rule, newest, count, severitySum, baselineCount, episode, forgotten, due);
    }

    GroupState withFigures(Instant clock, int newCount, long newSum, int newBaseline) {
        return new GroupState(rule, clock, newCount, newSum, newBaseline, open, forgotten, due);
    }

    /**
     * The figures at {@code clock} counted afresh from the group's references in (clock - span, clock] (its span:
     * {@link ThresholdRule#span}), which is what the running figures always equal.
     */
    GroupState recountedAt(Instant clock, List<Breach.IndicatorRef> inSpan) {
        Instant windowStart = clock.minus(rule.window());
        int inWindow = 0;
        long sum = 0;
        int before = 0;
        for (Breach.IndicatorRef ref : inSpan) {
            if (ref.occurredAt().isAfter(windowStart)) {
                inWindow++;
                sum += ref.severity();
            } else {
                before++;
            }
        }
        return withFigures(clock, inWindow, sum, rule.comparesBaseline() ? before : 0);
    }
}
