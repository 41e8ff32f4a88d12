package chokepoint.streams.topology;

import chokepoint.records.DeadLetter;
import chokepoint.records.Item;
import chokepoint.records.Indicator;
import chokepoint.streams.fuse.StoryCopy;
import chokepoint.topics.Topics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.function.Function;
import java.nio.charset.StandardCharsets;

/**
 * Reads raw item bytes, classifies them, and turns anything that cannot be read or classified into a dead
 * letter carrying its origin (topic, partition, offset) and the error: one poison pill never stops the stream.
 * Items are read as bytes here rather than by the source serde so that the origin of a bad record is known.
 */
final class ClassifyProcessor implements FixedKeyProcessor<String, byte[], ClassifiedOrFailed> {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifyProcessor.class);

    private final Function<Item, Indicator> classifier;
    private FixedKeyProcessorContext<String, ClassifiedOrFailed> context;
    private Sensor deadLetters;

    ClassifyProcessor(Function<Item, Indicator> classifier) {
        this.classifier = classifier;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ClassifiedOrFailed> context) {
        this.context = context;
        this.deadLetters = DeadLetterMetric.sensor(context.metrics(), "classify");
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        try {
            Item item = Topics.ITEMS.valueSerde().deserializer().deserialize(Topics.ITEMS.name(), record.value());
            if (item == null || item.id() == null) {
                throw new IllegalArgumentException("record has no item or no item id");
            }
            context.forward(record.withValue(ClassifiedOrFailed.classified(StoryCopy.of(classifier.apply(item), item.text()))));
        } catch (RuntimeException e) {
            RecordMetadata origin = context.recordMetadata().orElse(null);
            LOG.warn("dead letter from {}-{}@{}: {}", origin == null ? "?" : origin.topic(),
                    origin == null ? -1 : origin.partition(), origin == null ? -1 : origin.offset(), e.getMessage());
            DeadLetter letter = DeadLetter.of("classify", origin == null ? null : origin.topic(),
                    origin == null ? -1 : origin.partition(), origin == null ? -1 : origin.offset(), e,
                    record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(),
                    Instant.now());
            deadLetters.record();
            context.forward(record.withValue(ClassifiedOrFailed.failed(letter)));
        }
    }
}
