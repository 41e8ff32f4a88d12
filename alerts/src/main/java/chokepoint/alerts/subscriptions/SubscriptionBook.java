package chokepoint.alerts.subscriptions;

import chokepoint.records.Subscription;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every subscription, read from the compacted {@code chokepoint.subscriptions} topic and followed as it changes.
 * Each alerts instance reads all of it (subscriptions are few and every delivery instance needs all of them);
 * changes are written to the topic, so every instance sees them.
 */
public final class SubscriptionBook implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionBook.class);

    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, Subscription> producer;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public SubscriptionBook(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, Topics.SUBSCRIPTIONS.keySerde().deserializer(), new ByteArrayDeserializer());
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(producerProps, Topics.SUBSCRIPTIONS.keySerde().serializer(),
                Topics.SUBSCRIPTIONS.valueSerde().serializer());
        thread = new Thread(this::run, "chokepoint-subscriptions");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SUBSCRIPTIONS.name(), Duration.ofSeconds(60))
                    .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    apply(record);
                }
                if (loaded.getCount() > 0 && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    loaded.countDown();
                }
            }
        } catch (WakeupException e) {
            // close() woke us up to stop.
        } catch (RuntimeException e) {
            LOG.error("subscriptions reader stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            byId.remove(record.key());
            return;
        }
        try {
            Subscription subscription = Topics.SUBSCRIPTIONS.valueSerde().deserializer().deserialize(record.topic(), record.value());
            byId.put(record.key(), subscription);
        } catch (SerializationException e) {
            LOG.warn("skipping unreadable subscription record {}@{}: {}", record.key(), record.offset(), e.getMessage());
        }
    }

    /** Waits until what was in the topic at start-up has been read. */
    public boolean awaitLoaded(Duration timeout) {
        try {
            return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Collection<Subscription> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Subscription> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Stores a subscription and waits until Kafka has it; this instance sees it at once. */
    public void put(Subscription subscription) {
        send(subscription.id(), subscription);
        byId.put(subscription.id(), subscription);
    }

    public void delete(String id) {
        send(id, null);
        byId.remove(id);
    }

    private void send(String id, Subscription value) {
        try {
            producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS.name(), id, value)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot store the subscription: " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the subscription", e);
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
