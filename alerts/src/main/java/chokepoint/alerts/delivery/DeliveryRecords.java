package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Breach;
import chokepoint.records.DeadLetter;
import chokepoint.records.DeliveryAttempt;
import chokepoint.records.Json;
import chokepoint.topics.Topics;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

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

    private final KafkaProducer<String, String> producer;
    private final Clock clock;

    public DeliveryRecords(KafkaClients clients, Clock clock) {
        this.clock = clock;
        Properties props = clients.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public void attempt(Recipient recipient, List<Breach> breaches, int attempt, DeliveryAttempt.Outcome outcome, int status,
                        String detail) {
        Metrics.counter("chokepoint.deliveries", "outcome", outcome.name().toLowerCase(),
                "channel", recipient.type().name().toLowerCase()).increment();
        DeliveryAttempt record = new DeliveryAttempt(recipient.key(), recipient.subscription(),
                recipient.type().name().toLowerCase(), breaches.stream().map(Breach::id).toList(), attempt, outcome, status,
                detail, clock.instant());
        producer.send(new ProducerRecord<>(Topics.DELIVERY_ATTEMPTS.name(), recipient.key(), json(record)));
    }

    /** A message that cannot be delivered: each breach it carried in the dead letters, waited for. */
    public void park(Recipient recipient, List<Breach> breaches, String why) {
        for (Breach breach : breaches) {
            DeadLetter letter = DeadLetter.of("delivery:" + recipient.key(), Topics.BREACHES.name(), -1, -1,
                    new IllegalStateException(why), breach.id().getBytes(StandardCharsets.UTF_8),
                    json(breach).getBytes(StandardCharsets.UTF_8), clock.instant());
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), "delivery:" + recipient.key() + ":" + breach.id(), json(letter)));
        }
        producer.flush();
    }

    /** A record delivery cannot even read: kept in the dead letters with where it came from. */
    public void parkUnreadable(ConsumerRecord<String, byte[]> record, Exception error) {
        DeadLetter letter = DeadLetter.of("delivery", record.topic(), record.partition(), record.offset(), error,
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), clock.instant());
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), record.topic() + "-" + record.partition() + "@" + record.offset(),
                json(letter)));
        producer.flush();
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("records always serialise", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
