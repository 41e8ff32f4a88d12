package chokepoint.alerts.threshold;

import chokepoint.records.DeadLetter;
import chokepoint.records.Indicator;
import chokepoint.records.Breach;
import chokepoint.topics.Topic;
import chokepoint.topics.Topics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Reads the bytes of a record of {@code topic}; what cannot be read, or lacks what the application needs, leaves as a
 * {@link DeadLetter} with its origin instead of failing the task. The value forwarded is either a {@code V} or a
 * {@link DeadLetter}.
 */
final class ReadOrDeadLetter<V> implements FixedKeyProcessor<String, byte[], Object> {

    private final Topic<String, V> topic;
    private final Predicate<V> usable;
    private final String unusable;
    private FixedKeyProcessorContext<String, Object> context;

    private ReadOrDeadLetter(Topic<String, V> topic, Predicate<V> usable, String unusable) {
        this.topic = topic;
        this.usable = usable;
        this.unusable = unusable;
    }

    static ReadOrDeadLetter<Indicator> indicators() {
        return new ReadOrDeadLetter<>(Topics.INDICATORS,
                indicator -> indicator.id() != null && indicator.occurredAt() != null && indicator.measure() != null,
                "indicator without id, time or measure");
    }

    /** Ingest's source-health changes, which become breaches here: ingest does not write the breaches topic. */
    static ReadOrDeadLetter<Breach> sourceHealth() {
        return new ReadOrDeadLetter<>(Topics.SOURCE_HEALTH,
                breach -> breach.firedAt() != null && (Breach.SOURCE_HEALTH_RULE.equals(breach.ruleId())
                        || Breach.SOURCE_SNAPSHOT_RULE.equals(breach.ruleId())),
                "source-health record without its time, or of a rule that is not ingest's");
    }
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
            V value = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
            if (value == null || !usable.test(value)) {
                throw new IllegalArgumentException(unusable);
            }
            context.forward(record.withValue(value));
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
