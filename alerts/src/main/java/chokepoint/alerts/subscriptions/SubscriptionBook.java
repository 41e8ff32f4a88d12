package chokepoint.alerts.subscriptions;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Subscription;
import chokepoint.topics.TopicTable;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every subscription, read from the compacted {@code chokepoint.subscriptions} topic and followed as it changes.
 * Each alerts instance reads all of it (subscriptions are few and every delivery instance needs all of them);
 * changes are written to the topic, so every instance sees them.
 */
public final class SubscriptionBook implements AutoCloseable {

    private final KafkaProducer<String, Subscription> producer;
    private final TopicTable<Subscription> byId;

    public SubscriptionBook(KafkaClients clients) {
        Properties producerProps = clients.properties();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(producerProps, Topics.SUBSCRIPTIONS.keySerde().serializer(),
                Topics.SUBSCRIPTIONS.valueSerde().serializer());
        byId = new TopicTable<>(clients, Topics.SUBSCRIPTIONS);
    }

    /** Waits until what was in the topic so far has been read; false when it could not be in time. */
    public boolean awaitLoaded(Duration timeout) {
        try {
            byId.catchUp(timeout);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public Collection<Subscription> all() {
        return byId.find(subscription -> true);
    }

    public Optional<Subscription> get(String id) {
        return byId.get(id);
    }

    /** Stores a subscription and waits until Kafka has it; this instance sees it at once. */
    public void put(Subscription subscription) {
        send(subscription.id(), subscription);
        byId.applyOwnWrite(subscription.id(), subscription);
    }

    public void delete(String id) {
        send(id, null);
        byId.applyOwnWrite(id, null);
    }

    private void send(String id, Subscription value) {
        try {
            producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS.name(), id, value)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot store the subscription: " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the subscription", e);
        }
    }

    @Override
    public void close() {
        byId.close();
        producer.close(Duration.ofSeconds(5));
    }
}
