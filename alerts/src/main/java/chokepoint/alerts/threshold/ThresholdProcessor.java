package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.topics.RecordTime;
import chokepoint.topics.Topics;
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
 * Keeps each rule's indicators per group over a sliding window of indicator time and raises a breach when the
 * group crosses the rule's level ({@link Evaluation}): FIRING once at the crossing (updated under the same id while
 * more indicators arrive), RESOLVED when the window has moved on and the group fell back, or when the rule was
 * removed. Stream time, not wall-clock time, moves the windows, so replays and tests give the breaches live
 * running gives. Late and out-of-order indicators count as long as they fall inside the window at stream time.
 */
final class ThresholdProcessor implements Processor<String, RuleHit, String, Breach> {

    static final String STORE = "threshold-windows";
    /**
     * How often stream time is checked for windows that emptied without a new indicator arriving. Each check reads
     * every group's state, so it runs hourly: windows are days long, and a group that receives an indicator is
     * brought up to date at once anyway.
     */
    private static final Duration RESOLVE_CHECK = Duration.ofHours(1);
    /** A breach carries the newest indicators of its window; its figures count them all. */
    private static final int MAX_INDICATORS_IN_BREACH = 50;

    private final RuleBook rules;
    private ProcessorContext<String, Breach> context;
    private KeyValueStore<String, WindowState> store;

    ThresholdProcessor(RuleBook rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, Breach> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        rules.loadFrom(context.getStateStore(RuleBook.STORE));
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
        WindowState before = store.get(hit.stateKey());
        List<Breach.IndicatorRef> remembered = new ArrayList<>(before == null ? List.of() : before.indicators());
        // The group's own clock: its newest indicator. A backdated indicator does not drag it back, and items of
        // other groups arriving first (a feed's backlog, a replay) do not push this group's window past it.
        Instant now = remembered.stream().map(Breach.IndicatorRef::occurredAt).reduce(ref.occurredAt(), ThresholdProcessor::max);
        if (!ref.occurredAt().isAfter(now.minus(rule.memory()))) {
            return;
        }
        WindowState prior = before == null ? WindowState.empty(rule) : before.with(rule, before.indicators());
        if (prior.firing() && !ref.occurredAt().isBefore(now)) {
            // The group's clock moves: an open breach whose window emptied before this indicator ends first, at the
            // moment it emptied, so that an indicator long after starts a breach of its own.
            prior = evaluate(hit.groupKey(), prior, ref.occurredAt(), false, ref.occurredAt());
        }
        boolean known = remembered.removeIf(existing -> existing.id().equals(ref.id()));
        remembered.add(ref);
        remembered.sort(Comparator.comparing(Breach.IndicatorRef::occurredAt));
        WindowState state = prior.with(rule, remembered);
        if (ref.occurredAt().isBefore(now) && !state.firing()) {
            // Late: the group may have crossed at the indicator's own time even if it is below its level now.
            state = evaluate(hit.groupKey(), state, ref.occurredAt(), !known, ref.occurredAt());
        }
        store.put(hit.stateKey(), evaluate(hit.groupKey(), state, now, !known, ref.occurredAt()));
    }

    /**
     * Brings a group up to {@code now}: forgets what left the rule's memory, then raises, updates or resolves its
     * breach. {@code changed} says whether a new indicator arrived (an update is only worth a record then).
     */
    private WindowState evaluate(String groupKey, WindowState state, Instant now, boolean changed, Instant crossingAt) {
        ThresholdRule rule = state.rule();
        Instant horizon = now.minus(rule.memory());
        // Forget only what is older than the memory; indicators newer than a late evaluation's moment stay.
        List<Breach.IndicatorRef> kept = state.indicators().stream().filter(r -> r.occurredAt().isAfter(horizon)).toList();
        WindowState current = state.with(rule, kept);
        Evaluation evaluation = Evaluation.of(rule, kept, now);
        if (!current.firing() && evaluation.fires()) {
            String breachId = chokepoint.records.BreachIds.of(rule.id(), groupKey, crossingAt);
            current = current.fired(breachId, crossingAt);
            emit(groupKey, current, evaluation, Breach.State.FIRING, now);
        } else if (current.firing() && !evaluation.fires()) {
            // The resolution keeps the breach's evidence: what it gathered while it fired, not the empty window.
            Instant from = current.firedAt().minus(rule.window());
            List<Breach.IndicatorRef> gathered = state.indicators().stream()
                    .filter(r -> !r.occurredAt().isBefore(from) && !r.occurredAt().isAfter(now)).toList();
            emit(groupKey, current, evaluation, Breach.State.RESOLVED, now, gathered);
            current = current.resolved(fellBelow(rule, state.indicators(), now));
        } else if (current.firing() && changed) {
            emit(groupKey, current, evaluation, Breach.State.FIRING, now);
        }
        return current;
    }

    /**
     * When the group fell below its level: its newest indicator up to {@code now} leaving the window (exact for a
     * threshold of one, the latest possible moment otherwise), or {@code now} when that is earlier.
     */
    private static Instant fellBelow(ThresholdRule rule, List<Breach.IndicatorRef> remembered, Instant now) {
        return remembered.stream().map(Breach.IndicatorRef::occurredAt).filter(at -> !at.isAfter(now))
                .max(Instant::compareTo).map(at -> at.plus(rule.window())).filter(at -> at.isBefore(now)).orElse(now);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void resolveExpired(long streamTime) {
        Instant now = Instant.ofEpochMilli(streamTime);
        List<Map.Entry<String, WindowState>> changed = new ArrayList<>();
        try (KeyValueIterator<String, WindowState> all = store.all()) {
            all.forEachRemaining(entry -> {
                String groupKey = entry.key.substring(entry.key.indexOf('|') + 1);
                ThresholdRule inForce = rules.get(entry.value.rule().id());
                WindowState next;
                if (inForce == null) {
                    // The rule was removed: its open breach ends here and its memory goes.
                    if (entry.value.firing()) {
                        emit(groupKey, entry.value, Evaluation.of(entry.value.rule(), entry.value.indicators(), now),
                                Breach.State.RESOLVED, now);
                    }
                    next = null;
                } else {
                    next = evaluate(groupKey, entry.value.with(inForce, entry.value.indicators()), now, false, now);
                }
                if (next == null || !next.equals(entry.value)) {
                    changed.add(new java.util.AbstractMap.SimpleEntry<>(entry.key, next));
                }
            });
        }
        // Written after the iteration: changing a store while iterating it is not allowed.
        for (Map.Entry<String, WindowState> entry : changed) {
            WindowState next = entry.getValue();
            if (next == null || forgettable(next, now)) {
                store.delete(entry.getKey());
            } else {
                store.put(entry.getKey(), next);
            }
        }
    }

    /** Nothing left to count, nothing open, and a resolved breach too old to be reopened. */
    private static boolean forgettable(WindowState state, Instant now) {
        return state.indicators().isEmpty() && !state.firing()
                && (state.resolvedAt() == null || !now.isBefore(state.resolvedAt().plus(state.rule().window())));
    }

    private void emit(String groupKey, WindowState state, Evaluation evaluation, Breach.State breachState, Instant now) {
        emit(groupKey, state, evaluation, breachState, now, evaluation.inside());
    }

    private void emit(String groupKey, WindowState state, Evaluation evaluation, Breach.State breachState, Instant now,
                      List<Breach.IndicatorRef> inside) {
        ThresholdRule rule = state.rule();
        String actor = groupKey.equals("all") ? null : groupKey.split("->")[0];
        java.util.Set<String> sectors = AciAdvisor.collect(inside, Breach.IndicatorRef::sectors);
        Breach breach = new Breach(state.breachId(), rule.id(), rule.name(), rule.kind(), groupKey, actor,
                List.copyOf(AciAdvisor.collect(inside, Breach.IndicatorRef::targets)), List.copyOf(sectors), breachState,
                inside.size(), evaluation.value(), rule.threshold(), rule.window().toString(), state.firedAt(), now,
                inside.subList(Math.max(0, inside.size() - MAX_INDICATORS_IN_BREACH), inside.size()),
                AciAdvisor.criteria(inside, rule.window()), AciAdvisor.responseOptions(inside),
                actor == null ? List.of() : AciAdvisor.counterLeverage(actor, sectors));
        // The breach's own times say when; the record's timestamp must be one the broker takes (an indicator dated
        // hours ahead once made a breach the broker refused, and the application stopped).
        context.forward(new Record<>(breach.id(), breach,
                RecordTime.of(now, Instant.ofEpochMilli(context.currentSystemTimeMs()), Topics.BREACHES)));
    }
}
