package chokepoint.streams.register;

import chokepoint.records.Indicator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;

/**
 * What fusion sends the register, which is partitioned by act: each event once per act it is a step of
 * ({@link MeasureRegisterProcessor#actsOf}), keyed by that act, and now and then a tick ({@link #TICK} key, no event)
 * that goes to every partition of the register, so that its dates come due on stream time though most events, steps
 * of no act, never reach it.
 */
public final class RegisterFeed implements Processor<String, Indicator, String, Indicator> {

    /** The key of a tick: no act id is empty. */
    public static final String TICK = "";
    /**
     * Stream time between two ticks. Dates due are days; on the live lane the wall clock publishes them anyway, so
     * ticks matter to replays, where an hour of stream time passes in a moment and an hour's precision is plenty.
     */
    static final Duration TICK_EVERY = Duration.ofHours(1);

    private ProcessorContext<String, Indicator> context;
    private long lastTick = Long.MIN_VALUE;

    @Override
    public void init(ProcessorContext<String, Indicator> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Indicator> record) {
        if (lastTick == Long.MIN_VALUE || record.timestamp() >= lastTick + TICK_EVERY.toMillis()) {
            lastTick = record.timestamp();
            context.forward(new Record<>(TICK, null, record.timestamp()));
        }
        for (String act : MeasureRegisterProcessor.actsOf(record.value())) {
            context.forward(record.withKey(act));
        }
    }
}
