package chokepoint.streams.topology;

import chokepoint.records.DeadLetter;
import chokepoint.topics.Topics;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a Chokepoint Streams application does with a record it cannot read or process, wherever in the topology
 * (a state topic's bytes, a repartition topic, a processor that throws): the record goes to the dead-letter topic as a
 * {@link DeadLetter} with its origin and the error, in the task's own transaction, is counted
 * ({@code chokepoint_dead_letters_total{stage}}), and processing goes on. Kafka's default, log-and-fail, stopped the
 * threshold application for good on one record of bytes that were not JSON; log-and-continue would drop it unseen.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    static final String TOPIC_CONFIG = "chokepoint.dead-letter.topic";
    static final String STAGE_CONFIG = "chokepoint.dead-letter.stage";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String topic = Topics.DEAD_LETTERS.name();
    private String stage = "streams";

    /** Sets the handlers of a Streams application's configuration; dead letters go to {@code deadLetterTopic}. */
    public static void install(Properties streamsConfig, String stage, String deadLetterTopic) {
        streamsConfig.put(org.apache.kafka.streams.StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        streamsConfig.put(org.apache.kafka.streams.StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        streamsConfig.put(STAGE_CONFIG, stage);
        streamsConfig.put(TOPIC_CONFIG, deadLetterTopic);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(TOPIC_CONFIG) != null) {
            topic = configs.get(TOPIC_CONFIG).toString();
        }
        if (configs.get(STAGE_CONFIG) != null) {
            stage = configs.get(STAGE_CONFIG).toString();
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        return DeserializationExceptionHandler.Response.resume(List.of(letter(stage + ":read", context, exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        return ProcessingExceptionHandler.Response.resume(List.of(letter(stage + ":" + context.processorNodeId(), context, exception)));
    }

    private ProducerRecord<byte[], byte[]> letter(String where, ErrorHandlerContext context, Exception exception) {
        LOG.warn("{}: record {}-{}@{} sent to {}: {}", where, context.topic(), context.partition(), context.offset(), topic,
                exception.toString());
        Metrics.counter("chokepoint.dead.letters", "stage", stage).increment();
        DeadLetter letter = DeadLetter.of(where, context.topic(), context.partition(), context.offset(), exception,
                context.sourceRawKey(), context.sourceRawValue(), Instant.now());
        String key = context.topic() + "-" + context.partition() + "@" + context.offset();
        return new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8),
                Topics.DEAD_LETTERS.valueSerde().serializer().serialize(topic, letter));
    }
}
