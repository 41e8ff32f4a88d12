package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Breach;
import chokepoint.records.OutboundMessage;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Where delivery puts a Slack message instead of sending it: {@code chokepoint.delivery.slack-outbox}, keyed by the
 * webhook, for the {@link SlackOutboxSender} that owns the webhook's partition. Breaches are partitioned by breach,
 * so two instances may each read a breach for the same webhook in the same second; Slack allows one message a
 * second per webhook, and the pace can only hold where one instance sends them all.
 */
final class SlackOutbox implements AutoCloseable {

    private final KafkaProducer<String, OutboundMessage> producer;
    private final Clock clock;
    private final List<Future<RecordMetadata>> unconfirmed = new ArrayList<>();

    SlackOutbox(KafkaClients clients, Clock clock) {
        this.clock = clock;
        Properties props = clients.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(props, Topics.SLACK_OUTBOX.keySerde().serializer(), Topics.SLACK_OUTBOX.valueSerde().serializer());
    }

    synchronized void put(Recipient recipient, List<Breach> breaches) {
        unconfirmed.add(producer.send(new ProducerRecord<>(Topics.SLACK_OUTBOX.name(), webhookKey(recipient.target()),
                new OutboundMessage(recipient.key(), List.copyOf(breaches), clock.instant()))));
    }

    /** Waits until Kafka has every message put so far; before the breaches they tell of are committed as read. */
    synchronized void confirm() {
        producer.flush();
        try {
            for (Future<RecordMetadata> sent : unconfirmed) {
                sent.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot put a Slack message in the outbox: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while putting Slack messages in the outbox", e);
        } finally {
            unconfirmed.clear();
        }
    }

    /** The webhook as a partition key: a digest of its URL, which is a secret and never leaves in clear. */
    static String webhookKey(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return "slack:" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
