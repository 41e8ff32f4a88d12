package chokepoint.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Reads a topic on every partition (no consumer group), {@code read_committed}, and keeps following it on a thread
 * of its own: from the beginning, how a service holds the whole of a small shared state (subscriptions, the
 * notification log) and sees what other instances write; or from a little before the end, how the page keeps the
 * newest records. {@link #catchUp} waits until everything written so far has been applied. Records that cannot be
 * read are skipped with a log line; a tombstone reaches the sink as a null value.
 */
public final class TopicFollower<V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final Topic<String, V> topic;
    private final BiConsumer<String, V> sink;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private final int lastPerPartition;

    /** Follows {@code topic} from its beginning. */
    public TopicFollower(String bootstrapServers, Topic<String, V> topic, BiConsumer<String, V> sink) {
        this(bootstrapServers, topic, -1, sink);
    }

    /** @param lastPerPartition start this many records before each partition's end; -1 for the beginning */
    public TopicFollower(String bootstrapServers, Topic<String, V> topic, int lastPerPartition, BiConsumer<String, V> sink) {
        this.topic = topic;
        this.lastPerPartition = lastPerPartition;
        this.sink = sink;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::follow, "chokepoint-follow-" + topic.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(60)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            if (lastPerPartition < 0) {
                consumer.seekToBeginning(partitions);
            } else {
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                consumer.endOffsets(partitions).forEach((partition, end) ->
                        consumer.seek(partition, Math.max(begin.get(partition), end - lastPerPartition)));
            }
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                for (TopicPartition partition : partitions) {
                    positions.put(partition, consumer.position(partition));
                }
            }
        } catch (WakeupException e) {
            // close() woke us up to stop.
        } catch (RuntimeException e) {
            LOG.error("following {} stopped: {}", topic.name(), e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            sink.accept(record.key(), null);
            return;
        }
        try {
            sink.accept(record.key(), topic.valueSerde().deserializer().deserialize(record.topic(), record.value()));
        } catch (SerializationException e) {
            LOG.warn("skipping unreadable record {} of {}@{}: {}", record.key(), topic.name(), record.offset(), e.getMessage());
        }
    }

    /** Waits until everything written to the topic so far, by any instance, has been applied here. */
    public void catchUp(Duration timeout) {
        Map<TopicPartition, Long> end = new HashMap<>();
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name()).partitions()
                    .forEach(info -> latest.put(new TopicPartition(topic.name(), info.partition()), OffsetSpec.latest()));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((partition, info) -> end.put(partition, info.offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot find the end of " + topic.name() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + topic.name(), e);
        }
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (end.entrySet().stream().anyMatch(e -> positions.getOrDefault(e.getKey(), -1L) < e.getValue())) {
            if (!running.get() || !thread.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(topic.name() + " could not be read to its end");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + topic.name(), e);
            }
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
        admin.close(Duration.ofSeconds(5));
    }
}
