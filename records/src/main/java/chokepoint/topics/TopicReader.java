package chokepoint.topics;

import chokepoint.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * Reads a topic from the beginning to its current end, {@code read_committed}: how services rebuild their memory
 * from a compacted state topic at start-up.
 */
public final class TopicReader {

    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);

    private TopicReader() {
    }

    /**
     * Reads another topic with the serdes of a registered one: a replay's lane ({@code ...replay.<id>.breaches})
     * holds records of the kind of {@code like}.
     */
    public static <K, V> void readAll(KafkaClients clients, String topicName, Topic<K, V> like, BiConsumer<K, V> sink) {
        read(clients, topicName, like, sink, false, Duration.ZERO, null);
    }

    /**
     * Reads up to the last stable offset: what is committed now, except what lies behind a transaction still open
     * (a {@code read_committed} reader stops at the first open one, however much was committed after it).
     */
    public static <K, V> void readAll(KafkaClients clients, Topic<K, V> topic, BiConsumer<K, V> sink) {
        read(clients, topic.name(), topic, sink, false, Duration.ZERO, null);
    }

    /**
     * The same from the first record stamped at or after {@code from} in each partition (the broker's time index):
     * a month's replay reads the month of a ten-year history, not the ten years.
     */
    public static <K, V> void readFrom(KafkaClients clients, Topic<K, V> topic, Instant from, BiConsumer<K, V> sink) {
        read(clients, topic.name(), topic, sink, false, Duration.ZERO, from);
    }

    /**
     * The same from the first record stamped at or after {@code from} up to the first stamped at or after
     * {@code until} in each partition (or the end, whichever comes first): a year's dossier reads the year, not what
     * came after it. Records are stamped with their own times, so one that arrived later than {@code until} but is
     * stamped earlier may be left out: give {@code until} the slack late records need.
     */
    public static <K, V> void readBetween(KafkaClients clients, Topic<K, V> topic, Instant from, Instant until,
                                          BiConsumer<K, V> sink) {
        read(clients, topic.name(), topic, (key, value, partition) -> sink.accept(key, value), false, Duration.ZERO, from, null, until);
    }

    /**
     * Reads everything written up to now, committed transactions only, waiting for the transactions open now to
     * end: a worker that died in the middle of one leaves it open until the broker aborts it (the producer's
     * transaction timeout), and what others committed after it stays invisible until then. Gives up waiting after
     * {@code patience} and reads what is stable, with a warning.
     */
    public static <K, V> void readSettled(KafkaClients clients, Topic<K, V> topic, BiConsumer<K, V> sink, Duration patience) {
        read(clients, topic.name(), topic, sink, true, patience, null);
    }

    /** Takes a record with the partition it was read from. */
    public interface PartitionedSink<K, V> {
        void accept(K key, V value, int partition);
    }

    /** The same, of only these partitions: a worker reads the share of a topic that belongs to what it owns. */
    public static <K, V> void readSettled(KafkaClients clients, Topic<K, V> topic, java.util.Set<Integer> only,
                                          PartitionedSink<K, V> sink, Duration patience) {
        read(clients, topic.name(), topic, sink, true, patience, null, only, null);
    }

    private static <K, V> void read(KafkaClients clients, String topicName, Topic<K, V> topic, BiConsumer<K, V> sink, boolean settled,
                                    Duration patience, Instant from) {
        read(clients, topicName, topic, (key, value, partition) -> sink.accept(key, value), settled, patience, from, null, null);
    }

    private static <K, V> void read(KafkaClients clients, String topicName, Topic<K, V> topic, PartitionedSink<K, V> sink, boolean settled,
                                    Duration patience, Instant from, java.util.Set<Integer> only, Instant until) {
        Properties props = clients.properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Bytes, read per record below: one record that cannot be read must not stop a service from starting.
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topicName, Duration.ofSeconds(30)).stream()
                    .filter(info -> only == null || only.contains(info.partition()))
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = settled ? highWatermarks(clients, partitions) : consumer.endOffsets(partitions);
            if (from != null) {
                Map<TopicPartition, Long> at = new java.util.HashMap<>();
                partitions.forEach(partition -> at.put(partition, from.toEpochMilli()));
                Map<TopicPartition, Long> ends = end;
                consumer.offsetsForTimes(at).forEach((partition, found) ->
                        consumer.seek(partition, found == null ? ends.get(partition) : found.offset()));
            }
            if (until != null) {
                Map<TopicPartition, Long> at = new java.util.HashMap<>();
                partitions.forEach(partition -> at.put(partition, until.toEpochMilli()));
                Map<TopicPartition, Long> bounded = new java.util.HashMap<>(end);
                consumer.offsetsForTimes(at).forEach((partition, found) -> {
                    if (found != null) {
                        bounded.merge(partition, found.offset(), Math::min);
                    }
                });
                end = bounded;
            }
            boolean waiting = settled;
            long started = System.nanoTime();
            long nextReport = started + Duration.ofSeconds(10).toNanos();
            while (!behind(consumer, end).isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(topic, record, sink);
                }
                long now = System.nanoTime();
                if (waiting && now > nextReport) {
                    boolean givingUp = now - started > patience.toNanos();
                    LOG.warn("{}: a transaction open on {} has not ended after {} s{}", topicName, behind(consumer, end),
                            (now - started) / 1_000_000_000L, givingUp ? "; reading what is committed before it" : "; waiting");
                    if (givingUp) {
                        end = consumer.endOffsets(partitions);
                        waiting = false;
                    }
                    nextReport = now + Duration.ofSeconds(10).toNanos();
                }
            }
        }
    }

    private static <K, V> void apply(Topic<K, V> topic, ConsumerRecord<byte[], byte[]> record, PartitionedSink<K, V> sink) {
        K key;
        V value;
        try {
            key = topic.keySerde().deserializer().deserialize(record.topic(), record.key());
            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            Metrics.counter("chokepoint.unreadable.records", "topic", record.topic()).increment();
            LOG.warn("skipping unreadable record of {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        sink.accept(key, value, record.partition());
    }

    /** The ends of the partitions' logs, open transactions included: what a read_uncommitted reader would reach. */
    private static Map<TopicPartition, Long> highWatermarks(KafkaClients clients, List<TopicPartition> partitions) {
        Properties props = clients.properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return probe.endOffsets(partitions);
        }
    }

    /** The partitions not yet read to {@code end}. */
    private static List<TopicPartition> behind(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().filter(e -> consumer.position(e.getKey()) < e.getValue()).map(Map.Entry::getKey).toList();
    }
}
