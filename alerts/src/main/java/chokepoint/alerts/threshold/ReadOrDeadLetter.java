package chokepoint.alerts.threshold;

import chokepoint.records.DeadLetter;
import chokepoint.records.Indicator;
import chokepoint.topics.Topics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads indicator bytes; what cannot be read leaves as a {@link DeadLetter} with its origin instead of failing
 * the task. The value forwarded is either an {@link Indicator} or a {@link DeadLetter}.
 */
final class ReadOrDeadLetter implements FixedKeyProcessor<String, byte[], Object> {

    private FixedKeyProcessorContext<String, Object> context;
    private Sensor deadLetters;

    @Override
    public void init(FixedKeyProcessorContext<String, Object> context) {
        this.context = context;
        this.deadLetters = context.metrics().addRateTotalSensor("chokepoint", "threshold", "dead-letters",
                Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        try {
            Indicator indicator = Topics.INDICATORS.valueSerde().deserializer()
                    .deserialize(Topics.INDICATORS.name(), record.value());
            if (indicator == null || indicator.id() == null || indicator.occurredAt() == null
                    || indicator.measure() == null) {
                throw new IllegalArgumentException("indicator without id, time or measure");
            }
            context.forward(record.withValue(indicator));
        } catch (RuntimeException e) {
            RecordMetadata origin = context.recordMetadata().orElse(null);
            deadLetters.record();
            context.forward(record.withValue(DeadLetter.of("threshold", origin == null ? null : origin.topic(),
                    origin == null ? -1 : origin.partition(), origin == null ? -1 : origin.offset(), e,
                    record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(),
                    Instant.now())));
        }
    }
}
