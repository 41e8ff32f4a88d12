package chokepoint.alerts.live;

import chokepoint.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows a topic from a little before its end and keeps the newest records in memory for the page, and pushes
 * each new record to live subscribers. Every instance of the alerts service reads every partition (no consumer
 * group): each page shows the whole feed, whichever instance serves it.
 */
public final class TopicTail<V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);

    private final Topic<String, V> topic;
    private final java.util.function.Consumer<V> onRecord;
    private final int capacity;
    /** A record with its place in this tail: ids for server-sent events, so a reconnecting page can resume. */
    public record Sequenced<V>(long sequence, V value) {
    }

    private final Deque<Sequenced<V>> recent = new ArrayDeque<>();
    private final Sinks.Many<Sequenced<V>> live = Sinks.many().multicast().directBestEffort();
    private long sequence;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public TopicTail(String bootstrapServers, Topic<String, V> topic, int capacity) {
        this(bootstrapServers, topic, capacity, value -> {
        });
    }

    /** @param onRecord told of each new record (counting for metrics), on the tail's thread */
    public TopicTail(String bootstrapServers, Topic<String, V> topic, int capacity, java.util.function.Consumer<V> onRecord) {
        this.onRecord = onRecord;
        this.topic = topic;
        this.capacity = capacity;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "chokepoint-tail-" + topic.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(60)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, Math.max(begin.get(partition), end.get(partition) - capacity));
            }
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    accept(record);
                }
            }
        } catch (WakeupException e) {
            // close() woke us up to stop.
        } catch (RuntimeException e) {
            LOG.error("tail of {} stopped: {}", topic.name(), e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        V value;
        try {
            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            // The stage that wrote it already parked what it could not write; the page just skips it.
            LOG.debug("skipping unreadable record {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        if (value == null) {
            return;
        }
        onRecord.accept(value);
        Sequenced<V> entry;
        synchronized (recent) {
            entry = new Sequenced<>(++sequence, value);
            recent.addLast(entry);
            while (recent.size() > capacity) {
                recent.removeFirst();
            }
            // Emitted under the lock, so that since() and the live stream never miss or repeat a record between them.
            live.tryEmitNext(entry);
        }
    }

    /** The newest records, newest first. */
    public List<V> recent() {
        synchronized (recent) {
            List<V> copy = new ArrayList<>(recent.size());
            recent.descendingIterator().forEachRemaining(entry -> copy.add(entry.value()));
            return copy;
        }
    }

    /** Records kept that came after {@code sequence}, oldest first: what a reconnecting reader missed. */
    public List<Sequenced<V>> since(long sequence) {
        synchronized (recent) {
            return recent.stream().filter(entry -> entry.sequence() > sequence).toList();
        }
    }

    /** The sequence number of the newest record kept (0 before the first). */
    public long lastSequence() {
        synchronized (recent) {
            return sequence;
        }
    }

    /** Records as they arrive from now on, with their sequence numbers. */
    public Flux<Sequenced<V>> liveSequenced() {
        return live.asFlux();
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
        live.tryEmitComplete();
    }
}
