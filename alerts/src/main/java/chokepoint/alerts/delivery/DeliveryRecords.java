package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Breach;
import chokepoint.records.DeadLetter;
import chokepoint.records.DeliveryAttempt;
import chokepoint.topics.Topic;
import chokepoint.topics.Topics;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * What delivery writes beside the notification log: every attempt in {@code chokepoint.delivery-attempts} (the history
 * the API answers from, with the metric {@code chokepoint.deliveries}), and what it cannot deliver in
 * {@code chokepoint.dead-letters}: a message parked (one letter per breach, stage {@code delivery:<recipient>}) and a
 * record it cannot read (kept with its origin).
 */
public final class DeliveryRecords implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock;

    public DeliveryRecords(KafkaClients clients, Clock clock) {
        this.clock = clock;
        Properties props = clients.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(props, Topics.DEAD_LETTERS.keySerde().serializer(), new ByteArraySerializer());
    }

    public void attempt(Recipient recipient, List<Breach> breaches, int attempt, DeliveryAttempt.Outcome outcome, int status,
                        String detail) {
        Metrics.counter("chokepoint.deliveries", "outcome", outcome.name().toLowerCase(),
                "channel", recipient.type().name().toLowerCase()).increment();
        DeliveryAttempt record = new DeliveryAttempt(recipient.key(), recipient.subscription(),
                recipient.type().name().toLowerCase(), breaches.stream().map(Breach::id).toList(), attempt, outcome, status,
                detail, clock.instant());
        send(Topics.DELIVERY_ATTEMPTS, recipient.key(), record);
    }

    /** A message that cannot be delivered: each breach it carried in the dead letters, waited for. */
    public void park(Recipient recipient, List<Breach> breaches, String why) {
        for (Breach breach : breaches) {
            DeadLetter letter = DeadLetter.of("delivery:" + recipient.key(), Topics.BREACHES.name(), -1, -1,
                    new IllegalStateException(why), breach.id().getBytes(StandardCharsets.UTF_8),
                    value(Topics.BREACHES, breach), clock.instant());
            send(Topics.DEAD_LETTERS, "delivery:" + recipient.key() + ":" + breach.id(), letter);
        }
        producer.flush();
    }

    /** A record delivery cannot even read: kept in the dead letters with where it came from. */
    public void parkUnreadable(ConsumerRecord<String, byte[]> record, Exception error) {
        DeadLetter letter = DeadLetter.of("delivery", record.topic(), record.partition(), record.offset(), error,
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), clock.instant());
        send(Topics.DEAD_LETTERS, record.topic() + "-" + record.partition() + "@" + record.offset(), letter);
        producer.flush();
    }

    // Both topics have String keys; their values are written by the registry's serdes, as every other writer does.
    private <V> void send(Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), key, value(topic, value)));
    }

    private static <V> byte[] value(Topic<String, V> topic, V value) {
        return topic.valueSerde().serializer().serialize(topic.name(), value);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
