package chokepoint.streams.store;

import chokepoint.kafka.KafkaClients;
import chokepoint.topics.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * The latest value of every key of a topic, followed into a RocksDB store on this instance's disk (a global-only
 * Kafka Streams application), for readers that need all of a topic whatever partitions their instance owns: what
 * grows with the years costs disk, not heap. Values are kept as the bytes on the topic and read when asked, so a
 * record that cannot be read is skipped at that moment and can never stop the global thread.
 *
 * @param <V> the topic's values
 */
public final class StoredTopic<V> implements AutoCloseable {

    private final Topic<String, V> topic;
    private final String storeName;
    private final KafkaStreams streams;
    private final Admin admin;
    private final boolean throwaway;
    /** How far the store has applied each partition: what {@link #catchUp} compares with the topic's end. */
    private final ReadProgress applied = new ReadProgress();
    private volatile ReadOnlyKeyValueStore<String, byte[]> store;

    /**
     * @param stateDir   where the store lives on disk
     * @param instanceId this instance's stable name, whose store a restart reuses; null: a store of this run only,
     *                   read from the topic at start and deleted at close
     */
    public StoredTopic(KafkaClients clients, Topic<String, V> topic, Path stateDir, String applicationPrefix, String instanceId) {
        this.topic = topic;
        this.storeName = topic.base().replace('.', '-') + "-view";
        this.admin = clients.admin();
        this.throwaway = instanceId == null;
        String suffix = throwaway ? java.util.UUID.randomUUID().toString().substring(0, 8) : instanceId;
        Properties config = clients.properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationPrefix + "-" + storeName + "-" + suffix);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // read_committed, as every reader of what others write.
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        StreamsBuilder builder = new StreamsBuilder();
        StoreCopy.add(builder, Stores.persistentKeyValueStore(storeName), topic.name(), storeName + "-source", applied);
        Map<Integer, Long> endAtStart = ends();
        streams = new KafkaStreams(builder.build(), config);
        streams.start();
        awaitRunning(Duration.ofSeconds(120));
        // What was restored at start-up is in the store, whether or not the updater saw it record by record.
        endAtStart.forEach(applied::reached);
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(readable(store().get(key)));
    }

    /** Every readable value that passes {@code filter}, in key order. */
    public List<V> find(Predicate<V> filter) {
        List<V> found = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store().all()) {
            all.forEachRemaining(entry -> {
                V value = readable(entry.value);
                if (value != null && filter.test(value)) {
                    found.add(value);
                }
            });
        }
        return found;
    }

    /** Every readable value whose key starts with {@code prefix}. */
    public List<V> withPrefix(String prefix) {
        List<V> found = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> range = store().prefixScan(prefix, new StringSerializer())) {
            range.forEachRemaining(entry -> {
                V value = readable(entry.value);
                if (value != null) {
                    found.add(value);
                }
            });
        }
        return found;
    }

    /** How many keys the store holds (an estimate from RocksDB). */
    public long size() {
        return store().approximateNumEntries();
    }

    /**
     * Waits until everything written to the topic so far has been read here: each partition's last record applied, or
     * (on a topic written in transactions, whose end is a commit marker no record reaches) the global consumer's lag
     * at zero.
     */
    public void catchUp(Duration timeout) {
        Map<Integer, Long> end = ends();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (end.entrySet().stream().anyMatch(e -> applied.at(e.getKey()) < e.getValue()
                && !Double.valueOf(0.0).equals(lags().get(e.getKey())))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(topic.name() + " could not be read to its end within " + timeout.toSeconds() + " s");
            }
            sleep();
        }
    }

    /** The global consumer's lag per partition of the topic, as its metrics report it. */
    private Map<Integer, Double> lags() {
        Map<Integer, Double> lags = new HashMap<>();
        streams.metrics().forEach((name, metric) -> {
            String tagged = name.tags().get("topic");
            if ("records-lag".equals(name.name()) && name.tags().containsKey("partition")
                    && (topic.name().equals(tagged) || topic.name().replace('.', '_').equals(tagged))
                    && metric.metricValue() instanceof Number lag && !Double.isNaN(lag.doubleValue())) {
                lags.put(Integer.parseInt(name.tags().get("partition")), lag.doubleValue());
            }
        });
        return lags;
    }

    private V readable(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        ReadOnlyKeyValueStore<String, byte[]> current = store;
        if (current == null) {
            try {
                current = streams.store(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
            } catch (InvalidStateStoreException e) {
                throw new IllegalStateException("the view of " + topic.name() + " is not open: " + e.getMessage(), e);
            }
            store = current;
        }
        return current;
    }

    private void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR
                    || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the view of " + topic.name() + " did not load: " + streams.state());
            }
            sleep();
        }
    }

    private Map<Integer, Long> ends() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name())
                    .partitions().forEach(info -> latest.put(new TopicPartition(topic.name(), info.partition()), OffsetSpec.latest()));
            Map<Integer, Long> end = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((partition, info) -> end.put(partition.partition(), info.offset()));
            return end;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot find the end of " + topic.name() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + topic.name(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        if (throwaway) {
            streams.cleanUp();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
