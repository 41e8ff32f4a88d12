package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Breach;
import chokepoint.records.OutboundMessage;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Where messages decided outside the delivery topology go (digests when due, a replay's re-deliveries): the same
 * {@code chokepoint.delivery.outbox}, keyed by receiver, sent by the same {@link OutboxSender} with the same log
 * check, retries and pace.
 */
final class Outbox implements AutoCloseable {

    private final KafkaProducer<String, OutboundMessage> producer;
    private final Clock clock;
    private final List<Future<RecordMetadata>> unconfirmed = new ArrayList<>();

    Outbox(KafkaClients clients, Clock clock) {
        this.clock = clock;
        Properties props = clients.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(props, Topics.OUTBOX.keySerde().serializer(), Topics.OUTBOX.valueSerde().serializer());
    }

    /** One message per {@code perMessage} breaches, in order, each telling its breaches' firing. */
    synchronized void putFirings(Address to, List<Breach> breaches, int perMessage) {
        for (int from = 0; from < breaches.size(); from += perMessage) {
            List<Breach> chunk = breaches.subList(from, Math.min(breaches.size(), from + perMessage));
            unconfirmed.add(producer.send(new ProducerRecord<>(Topics.OUTBOX.name(), to.receiver(),
                    new OutboundMessage(to.key(), to.subscription(), to.channelId(), to.type(), to.sealed(), chunk,
                            chunk.stream().map(b -> "FIRING").toList(), clock.instant()))));
        }
    }

    /** Waits until Kafka has every message put so far. */
    synchronized void confirm() {
        producer.flush();
        try {
            for (Future<RecordMetadata> sent : unconfirmed) {
                sent.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot put a message in the outbox: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while putting messages in the outbox", e);
        } finally {
            unconfirmed.clear();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
