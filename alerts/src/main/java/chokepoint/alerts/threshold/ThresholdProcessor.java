package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Counts each rule's indicators per group over a sliding window of indicator time and raises a breach when the
 * count reaches the threshold: FIRING once at the crossing (updated while more arrive), RESOLVED when the window
 * has moved on and the count fell below. Stream time, not wall-clock time, moves the windows, so replays and tests
 * give the same breaches as live running.
 */
final class ThresholdProcessor implements Processor<String, RuleHit, String, Breach> {

    static final String STORE = "threshold-windows";
    /** How often stream time is checked for windows that emptied without a new indicator arriving. */
    private static final Duration RESOLVE_CHECK = Duration.ofMinutes(1);

    private final Map<String, ThresholdRule> rules;
    private ProcessorContext<String, Breach> context;
    private KeyValueStore<String, WindowState> store;

    ThresholdProcessor(Map<String, ThresholdRule> rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, Breach> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(RESOLVE_CHECK, PunctuationType.STREAM_TIME, this::resolveExpired);
    }

    @Override
    public void process(Record<String, RuleHit> record) {
        RuleHit hit = record.value();
        ThresholdRule rule = rules.get(hit.ruleId());
        if (rule == null) {
            return;
        }
        Breach.IndicatorRef ref = Breach.IndicatorRef.of(hit.indicator());
        // A backdated indicator must not drag the window back in time, nor count when it is already outside it.
        Instant now = max(ref.occurredAt(), Instant.ofEpochMilli(context.currentStreamTimeMs()));
        if (!ref.occurredAt().isAfter(now.minus(rule.window()))) {
            return;
        }
        WindowState state = evict(rule, hit.groupKey(), store.get(hit.stateKey()), now);
        List<Breach.IndicatorRef> inside = new ArrayList<>(state.indicators());
        boolean known = inside.removeIf(existing -> existing.id().equals(ref.id()));
        inside.add(ref);
        inside.sort(Comparator.comparing(Breach.IndicatorRef::occurredAt));
        WindowState next = new WindowState(inside, state.breachId(), state.firedAt());
        if (!next.firing() && inside.size() >= rule.threshold()) {
            Instant crossedAt = ref.occurredAt();
            String breachId = rule.id() + "|" + hit.groupKey() + "|" + crossedAt.toEpochMilli();
            next = new WindowState(inside, breachId, crossedAt);
            emit(rule, hit.groupKey(), next, Breach.State.FIRING, now);
        } else if (next.firing() && !known) {
            emit(rule, hit.groupKey(), next, Breach.State.FIRING, now);
        }
        store.put(hit.stateKey(), next);
    }

    /** Drops indicators older than the window; resolves the open breach if the count fell below the threshold. */
    private WindowState evict(ThresholdRule rule, String groupKey, WindowState state, Instant now) {
        if (state == null) {
            return WindowState.empty();
        }
        Instant horizon = now.minus(rule.window());
        List<Breach.IndicatorRef> inside = state.indicators().stream()
                .filter(ref -> ref.occurredAt().isAfter(horizon)).toList();
        WindowState next = new WindowState(inside, state.breachId(), state.firedAt());
        if (next.firing() && inside.size() < rule.threshold()) {
            emit(rule, groupKey, next, Breach.State.RESOLVED, now);
            next = new WindowState(inside, null, null);
        }
        return next;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void resolveExpired(long streamTime) {
        Instant now = Instant.ofEpochMilli(streamTime);
        List<Map.Entry<String, WindowState>> changed = new ArrayList<>();
        try (KeyValueIterator<String, WindowState> all = store.all()) {
            all.forEachRemaining(entry -> {
                String[] parts = entry.key.split("\\|", 2);
                ThresholdRule rule = rules.get(parts[0]);
                if (rule == null || parts.length < 2) {
                    return;
                }
                WindowState next = evict(rule, parts[1], entry.value, now);
                if (!next.equals(entry.value)) {
                    changed.add(Map.entry(entry.key, next));
                }
            });
        }
        // Written after the iteration: changing a store while iterating it is not allowed.
        for (Map.Entry<String, WindowState> entry : changed) {
            if (entry.getValue().indicators().isEmpty() && !entry.getValue().firing()) {
                store.delete(entry.getKey());
            } else {
                store.put(entry.getKey(), entry.getValue());
            }
        }
    }

    private void emit(ThresholdRule rule, String groupKey, WindowState state, Breach.State breachState, Instant now) {
        Breach breach = new Breach(state.breachId(), rule.id(), rule.name(), groupKey, breachState,
                state.indicators().size(), rule.threshold(), rule.window().toString(), state.firedAt(), now,
                state.indicators());
        context.forward(new Record<>(breach.id(), breach, now.toEpochMilli()));
    }
}
