package chokepoint.streams.register;

import chokepoint.records.ActReference;
import chokepoint.records.Evidence;
import chokepoint.records.Indicator;
import chokepoint.records.MeasureStatus;
import chokepoint.records.RegisteredMeasure;
import chokepoint.records.RegisteredMeasure.Due;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The measure register: after fusion, each event that is the notice of an official act, or acts on one (suspends,
 * extends, amends, lifts it), becomes a step in that act's life ({@link MeasureLife}); the act's record is published
 * on {@code chokepoint.measures}. When a measure's date arrives (it takes effect, its suspension ends, it expires, or
 * one of those nears) the register publishes the change at that moment, with an indicator whose
 * {@link Indicator#lifecycle()} threshold rules can select.
 * <p>
 * Dates due are kept in a store of their own ({@link #DUE}, ordered by time) beside the measures ({@link #MEASURES}):
 * both are changelogged, and a change is published and its due entry deleted in one transaction, so each is published
 * once, after a restart too. They come due on stream time (before an item later than them is applied, so a replay
 * sees the same order as the world did) and, on the live lane, on the wall clock: a quiet week still ends a
 * suspension on its day.
 * <p>
 * It runs on every partition, its input keyed by act ({@link #actsOf}: one record per act an event is a step of), so
 * that an act's whole life is on one partition and the register grows with the instances. Events that are no step of
 * any act do not travel to it; fusion sends each of its partitions a tick instead (a record with no event) as its
 * stream time moves on, so that dates still come due on stream time, in a replay too, between the acts' own records.
 */
public final class MeasureRegisterProcessor implements Processor<String, Indicator, String, RegisterChange> {

    public static final String MEASURES = "register-measures";
    public static final String DUE = "register-due";
    static final String SOURCE_ID = "measure-register";
    public static final String SOURCE_KIND = "register";
    /**
     * A lifted or expired measure is kept this long after its last step, for dossiers and the page, then deleted (a
     * tombstone on the topic): the register holds what is alive and the ends of the last 400 days, not every year.
     */
    static final Duration ENDED_HORIZON = Duration.ofDays(400);

    private final Duration wallClockTick;
    private ProcessorContext<String, RegisterChange> context;
    private KeyValueStore<String, RegisteredMeasure> measures;
    private KeyValueStore<String, String> due;

    private final Duration pruneEvery;

    /**
     * @param wallClockTick how often the wall clock is checked for dates due; null on a replay's lane (stream time only)
     * @param pruneEvery    how much stream time passes between two deletions of long-ended measures
     */
    public MeasureRegisterProcessor(Duration wallClockTick, Duration pruneEvery) {
        this.wallClockTick = wallClockTick;
        this.pruneEvery = pruneEvery;
    }

    @Override
    public void init(ProcessorContext<String, RegisterChange> context) {
        this.context = context;
        this.measures = context.getStateStore(MEASURES);
        this.due = context.getStateStore(DUE);
        if (wallClockTick != null) {
            context.schedule(wallClockTick, PunctuationType.WALL_CLOCK_TIME, this::publishDue);
        }
        context.schedule(pruneEvery, PunctuationType.STREAM_TIME, this::forgetLongEnded);
    }

    /** Deletes measures lifted or expired more than {@link #ENDED_HORIZON} before {@code streamTime}, with tombstones. */
    void forgetLongEnded(long streamTime) {
        Instant horizon = Instant.ofEpochMilli(streamTime).minus(ENDED_HORIZON);
        List<String> ended = new ArrayList<>();
        try (KeyValueIterator<String, RegisteredMeasure> all = measures.all()) {
            all.forEachRemaining(entry -> {
                RegisteredMeasure m = entry.value;
                if ((m.status() == MeasureStatus.LIFTED || m.status() == MeasureStatus.EXPIRED) && m.updatedAt() != null
                        && m.updatedAt().isBefore(horizon)) {
                    ended.add(entry.key);
                }
            });
        }
        for (String act : ended) {
            measures.delete(act);
            context.forward(new Record<>(act, new RegisterChange(null, null), streamTime));
        }
    }

    @Override
    public void process(Record<String, Indicator> record) {
        Indicator indicator = record.value();
        // Whatever came due before this record's time happened before it; a tick (no event) only says what time it is.
        publishDue(record.timestamp());
        String act = record.key();
        if (indicator == null || act == null || indicator.lifecycle() != null) {
            return;
        }
        String own = MeasureLife.ownAct(indicator);
        if (!indicator.refersTo().isEmpty()) {
            for (ActReference reference : indicator.refersTo()) {
                if (reference.act().equals(act)) {
                    register(act, indicator, MeasureLife.followUpStep(reference), own, false, record.timestamp());
                }
            }
            return;
        }
        String step = MeasureLife.ownStep(indicator);
        if (act.equals(own) && step != null) {
            register(own, indicator, step, null, true, record.timestamp());
        }
    }

    /**
     * The acts an event is a step of, each the key of one record to the register (partitioned by act): the acts it
     * acts on when it is a follow-up, else its own act when it is a step of its own life. Most events are neither.
     */
    public static java.util.List<String> actsOf(Indicator indicator) {
        if (indicator == null || indicator.lifecycle() != null) {
            return java.util.List.of();
        }
        if (!indicator.refersTo().isEmpty()) {
            return indicator.refersTo().stream().map(ActReference::act).distinct().toList();
        }
        String own = MeasureLife.ownAct(indicator);
        return own != null && MeasureLife.ownStep(indicator) != null ? java.util.List.of(own) : java.util.List.of();
    }

    private void register(String act, Indicator indicator, String step, String byAct, boolean own, long timestamp) {
        RegisteredMeasure before = measures.get(act);
        RegisteredMeasure after = MeasureLife.withStep(before, act, indicator, step, byAct, own);
        if (after.equals(before)) {
            return;
        }
        keep(before, after);
        context.forward(new Record<>(act, new RegisterChange(after, null), timestamp));
    }

    /** Publishes every change due at or before {@code now}, in the order they fell due. */
    void publishDue(long now) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> reached = due.range(dueKey(0, "", ""), dueKey(now, "\uffff", ""))) {
            reached.forEachRemaining(entry -> keys.add(entry.key));
        }
        for (String key : keys) {
            due.delete(key);
            String[] parts = key.split("\\|", 3);
            RegisteredMeasure before = measures.get(parts[1]);
            Instant at = Instant.ofEpochMilli(Long.parseLong(parts[0]));
            Due reached = before == null ? null : before.upcoming().stream()
                    .filter(d -> d.lifecycle().equals(parts[2]) && d.at().equals(at)).findFirst().orElse(null);
            if (reached == null) {
                continue;  // overtaken: an extension moved the date, a lifting cancelled it
            }
            if (reached.lifecycle().endsWith("-soon") && before.upcoming().stream()
                    .anyMatch(d -> !d.lifecycle().endsWith("-soon") && d.at().toEpochMilli() <= now)) {
                // Catching up (a backlog, a replay, a process down for weeks): the change itself is due as well, so
                // warning of it would be news already overtaken.
                keep(before, before.withUpcoming(before.upcoming().stream().filter(d -> !d.equals(reached)).toList()));
                continue;
            }
            RegisteredMeasure after = MeasureLife.withDateReached(before, reached);
            keep(before, after);
            context.forward(new Record<>(after.id(), new RegisterChange(after, lifecycleIndicator(after, reached)),
                    at.toEpochMilli()));
        }
    }

    /** Stores the measure and keeps the due index in step with its upcoming changes. */
    private void keep(RegisteredMeasure before, RegisteredMeasure after) {
        if (before != null) {
            before.upcoming().stream().filter(d -> !after.upcoming().contains(d))
                    .forEach(d -> due.delete(dueKey(d.at().toEpochMilli(), after.id(), d.lifecycle())));
        }
        after.upcoming().forEach(d -> due.put(dueKey(d.at().toEpochMilli(), after.id(), d.lifecycle()), after.id()));
        measures.put(after.id(), after);
    }

    /** Time first, zero-padded, so that the store's order is the order things fall due. */
    private static String dueKey(long at, String act, String lifecycle) {
        return String.format("%015d|%s|%s", at, act, lifecycle);
    }

    /** The indicator of a date reached: a measure biting, again or soon, or ending, as news of its own. */
    static Indicator lifecycleIndicator(RegisteredMeasure m, Due due) {
        String id = "register:" + m.id() + ":" + due.lifecycle() + ":" + due.day();
        String title = MeasureLife.describe(due) + ": " + (m.title() == null ? m.id() : m.title());
        return new Indicator(id, id, SOURCE_ID, SOURCE_KIND, m.url(), title, m.measure(), MeasureLife.stageOf(due.lifecycle()),
                m.actor(), m.targets(), m.sectors(), m.hsCodes(), m.controlCodes(), List.of(m.id()), m.severity(),
                List.of("date reached: " + due.lifecycle()), List.of(new Evidence("register", due.lifecycle() + " " + due.day(), 0,
                "register." + due.lifecycle())), null, m.sources(), due.at(), due.at(), List.of(), List.of(), due.lifecycle());
    }
}
