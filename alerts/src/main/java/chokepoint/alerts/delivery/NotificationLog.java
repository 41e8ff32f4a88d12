package chokepoint.alerts.delivery;

import chokepoint.records.Notification;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The record of what was delivered, in the compacted {@code chokepoint.notifications} topic. An entry is written
 * only after the receiver accepted the message (Alertmanager's order): a crash between the two gives at most one
 * repeat, never a loss, and the entry stops every later copy. Every delivery instance follows the whole log, and
 * {@link #catchUp()} waits until it has read what other instances wrote before it takes over their partitions.
 */
public final class NotificationLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationLog.class);

    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final KafkaProducer<String, Notification> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Admin admin;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public NotificationLog(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, Topics.NOTIFICATIONS.keySerde().serializer(),
                Topics.NOTIFICATIONS.valueSerde().serializer());
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(consumerProps, Topics.NOTIFICATIONS.keySerde().deserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::follow, "chokepoint-notification-log");
        thread.setDaemon(true);
        thread.start();
        catchUp();
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.NOTIFICATIONS.name(), Duration.ofSeconds(60))
                    .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        delivered.add(record.key());
                    }
                }
                for (TopicPartition partition : partitions) {
                    positions.put(partition, consumer.position(partition));
                }
            }
        } catch (WakeupException e) {
            // close() woke us up to stop.
        } catch (RuntimeException e) {
            LOG.error("notification log reader stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Waits until everything written to the log so far, by any instance, has been read here. */
    public void catchUp() {
        Map<TopicPartition, Long> end = new java.util.HashMap<>();
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.NOTIFICATIONS.name())).allTopicNames().get()
                    .get(Topics.NOTIFICATIONS.name()).partitions().stream()
                    .map(info -> new TopicPartition(Topics.NOTIFICATIONS.name(), info.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((partition, info) -> end.put(partition, info.offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot find the end of the notification log: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the notification log", e);
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (end.entrySet().stream().anyMatch(e -> positions.getOrDefault(e.getKey(), -1L) < e.getValue())) {
            if (!running.get() || !thread.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the notification log could not be read to its end");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the notification log", e);
            }
        }
    }

    public boolean delivered(String key) {
        return delivered.contains(key);
    }

    /** Records a delivery and waits until Kafka has it. */
    public void record(Notification notification) {
        String key = Notification.key(notification.breachId(), notification.state(), notification.recipient());
        try {
            producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS.name(), key, notification)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the notification log: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the notification log", e);
        }
        delivered.add(key);
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
        admin.close(Duration.ofSeconds(5));
    }
}
