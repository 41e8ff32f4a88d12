package chokepoint.topics;

import chokepoint.kafka.KafkaClients;
import chokepoint.run.RunningLoops;
import chokepoint.run.SupervisedLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
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
    private final Properties consumerConfig = new Properties();
    private final Admin admin;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final SupervisedLoop loop;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final Counter unreadable;

    private final int lastPerPartition;

    /** Follows {@code topic} from its beginning, a loop of {@code process}. */
    public TopicFollower(KafkaClients clients, Topic<String, V> topic, BiConsumer<String, V> sink, RunningLoops process) {
        this(clients, topic, -1, sink, process);
    }

    /**
     * @param lastPerPartition start this many records before each partition's end; -1 for the beginning
     * @param process          the loops of this process, which the follower's loop joins for health
     */
    public TopicFollower(KafkaClients clients, Topic<String, V> topic, int lastPerPartition, BiConsumer<String, V> sink,
                         RunningLoops process) {
        this.topic = topic;
        this.lastPerPartition = lastPerPartition;
        this.sink = sink;
        this.admin = clients.admin();
        consumerConfig.putAll(clients.properties());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        unreadable = Counter.builder("chokepoint.unreadable.records").tag("topic", topic.name())
                .description("records a follower skipped because they could not be read (the stage that consumes the "
                        + "topic in a group sends them to the dead letters)").register(Metrics.globalRegistry);
        loop = SupervisedLoop.start("follow-" + topic.name(), this::follow, process);
    }

    /**
     * One life of the loop. A new life starts from where this one applied records (so a restart neither repeats nor
     * skips what the sink saw), or as configured on the first.
     */
    private void follow(Runnable markRunning, java.util.function.BooleanSupplier running) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, topic.keySerde().deserializer(),
                new ByteArrayDeserializer());
        this.consumer = consumer;
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(60)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            if (!positions.isEmpty()) {
                partitions.forEach(partition -> consumer.seek(partition, positions.getOrDefault(partition, 0L)));
            } else if (lastPerPartition < 0) {
                consumer.seekToBeginning(partitions);
            } else {
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                consumer.endOffsets(partitions).forEach((partition, end) ->
                        consumer.seek(partition, Math.max(begin.get(partition), end - lastPerPartition)));
            }
            markRunning.run();
            while (running.getAsBoolean()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                    positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                for (TopicPartition partition : partitions) {
                    positions.put(partition, consumer.position(partition));
                }
            }
        } catch (WakeupException e) {
            if (running.getAsBoolean()) {
                throw e;
            }
        } finally {
            // No group to leave, no offsets to commit: a close that waited would only wait for the fetch the broker
            // holds open (up to fetch.max.wait.ms, 500 ms), once per follower, in turn, at every shutdown.
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    /**
     * Hands one record to the sink. A record that cannot be read, or that the sink cannot take, is skipped with a log
     * line and a count: it must not stop the follower (one {@code {}} on the indicators once stopped the live page's
     * feed while the page kept saying "live"). The stage that consumes the topic in a group dead-letters it.
     */
    private void apply(ConsumerRecord<String, byte[]> record) {
        V value;
        try {
            value = record.value() == null ? null : topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            unreadable.increment();
            LOG.warn("skipping unreadable record {} of {}-{}@{}: {}", record.key(), topic.name(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        try {
            sink.accept(record.key(), value);
        } catch (RuntimeException e) {
            unreadable.increment();
            LOG.warn("skipping record {} of {}-{}@{} that could not be applied: {}", record.key(), topic.name(),
                    record.partition(), record.offset(), e.toString());
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
            if (loop.stopped() || System.currentTimeMillis() > deadline) {
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
        loop.stopPolling(() -> consumer, Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(5));
    }
}
