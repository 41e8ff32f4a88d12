package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Notification;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The record of what was delivered, in the compacted {@code chokepoint.notifications} topic. An entry is written
 * only after the receiver accepted the message (Alertmanager's order): a crash between the two gives at most one
 * repeat, never a loss, and the entry stops every later copy. Every delivery instance keeps the whole log in a
 * RocksDB global store on its disk (a global-only Kafka Streams application), looked up key by key rather than held
 * in the heap: a year of deliveries costs disk, not memory. {@link #catchUp()} waits until it has read what other
 * instances wrote before it takes over their partitions. Entries older than {@link Topics#NOTIFICATION_HORIZON} count
 * as never delivered, as the topic deletes them.
 */
public final class NotificationLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationLog.class);
    static final String STORE = "notification-log";

    private final KafkaProducer<String, Notification> producer;
    private final KafkaStreams streams;
    private final Admin admin;
    /** How far the store has applied each partition of the topic: what {@link #catchUp()} compares with its end. */
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final boolean throwaway;
    private volatile ReadOnlyKeyValueStore<String, byte[]> store;

    /**
     * @param stateDir   where the store lives on disk
     * @param instanceId this instance's stable name (static membership), whose store a restart reuses; null: a store
     *                   of this run only, read from the topic at start and deleted at close
     */
    public NotificationLog(KafkaClients clients, Path stateDir, String applicationPrefix, String instanceId) {
        Properties props = clients.properties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, Topics.NOTIFICATIONS.keySerde().serializer(),
                Topics.NOTIFICATIONS.valueSerde().serializer());
        admin = clients.admin();
        throwaway = instanceId == null;
        String suffix = throwaway ? java.util.UUID.randomUUID().toString().substring(0, 8) : instanceId;
        Properties config = clients.properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationPrefix + "-notification-log-" + suffix);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // read_committed, as every reader of what others write.
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SmallLogStoreConfig.class);
        StreamsBuilder builder = new StreamsBuilder();
        // Bytes as they are on the topic: a record that cannot be read is stored as it is and skipped when looked up,
        // so that it cannot stop the global thread (a breach record once stopped a global table that way).
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(), Topics.NOTIFICATIONS.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("notifications-source"),
                () -> new Updater(applied));
        Map<Integer, Long> endAtStart = ends();
        streams = new KafkaStreams(builder.build(), config);
        streams.start();
        awaitRunning(Duration.ofSeconds(120));
        // What was restored at start-up is in the store, whether or not the updater saw it record by record.
        endAtStart.forEach((partition, end) -> applied.merge(partition, end, Math::max));
        catchUp();
    }

    /** Puts each record of the topic into the store and notes how far it has come. */
    private static final class Updater implements Processor<String, byte[], Void, Void> {
        private final Map<Integer, Long> applied;
        private KeyValueStore<String, byte[]> store;
        private ProcessorContext<Void, Void> context;

        Updater(Map<Integer, Long> applied) {
            this.applied = applied;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() != null) {
                if (record.value() == null) {
                    store.delete(record.key());
                } else {
                    store.put(record.key(), record.value());
                }
            }
            context.recordMetadata().ifPresent(origin -> applied.merge(origin.partition(), origin.offset() + 1, Math::max));
        }
    }

    private void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR
                    || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the notification log did not load: " + streams.state());
            }
            sleep(20);
        }
    }

    /** Waits until everything written to the log so far, by any instance, has been read here. */
    public void catchUp() {
        Map<Integer, Long> end = ends();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (end.entrySet().stream().anyMatch(e -> applied.getOrDefault(e.getKey(), 0L) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the notification log could not be read to its end");
            }
            sleep(20);
        }
    }

    private Map<Integer, Long> ends() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.NOTIFICATIONS.name())).allTopicNames().get().get(Topics.NOTIFICATIONS.name())
                    .partitions().forEach(info -> latest.put(new TopicPartition(Topics.NOTIFICATIONS.name(), info.partition()), OffsetSpec.latest()));
            Map<Integer, Long> end = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((partition, info) -> end.put(partition.partition(), info.offset()));
            return end;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot find the end of the notification log: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the notification log", e);
        }
    }

    public boolean delivered(String key) {
        return read(key).isPresent();
    }

    /** How many deliveries the store holds (an estimate from RocksDB). */
    public long size() {
        return store().approximateNumEntries();
    }

    /** The latest message about a breach that reached a recipient, if any. */
    public Optional<Notification> latest(String breachId, String recipient) {
        Notification latest = null;
        try (KeyValueIterator<String, byte[]> phases = store().prefixScan(breachId + "|", new StringSerializer())) {
            while (phases.hasNext()) {
                Notification notification = readable(phases.next().value);
                if (notification != null && recipient.equals(notification.recipient()) && current(notification)
                        && notification.deliveredAt() != null
                        && (latest == null || notification.deliveredAt().isAfter(latest.deliveredAt()))) {
                    latest = notification;
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    private Optional<Notification> read(String key) {
        Notification notification = readable(store().get(key));
        return notification != null && current(notification) ? Optional.of(notification) : Optional.empty();
    }

    private static boolean current(Notification notification) {
        return notification.deliveredAt() == null || notification.deliveredAt().isAfter(Instant.now().minus(Topics.NOTIFICATION_HORIZON));
    }

    private static Notification readable(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return Topics.NOTIFICATIONS.valueSerde().deserializer().deserialize(Topics.NOTIFICATIONS.name(), bytes);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        ReadOnlyKeyValueStore<String, byte[]> current = store;
        if (current == null) {
            try {
                current = streams.store(StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
            } catch (InvalidStateStoreException e) {
                throw new IllegalStateException("the notification log is not open: " + e.getMessage(), e);
            }
            store = current;
        }
        return current;
    }

    /**
     * Records a delivery, waits until Kafka has it, and until this instance's store does: the next decision about
     * the same breach and recipient must see it.
     */
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
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store().get(key) == null && System.nanoTime() < deadline) {
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the notification log", e);
        }
    }

    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        if (throwaway) {
            streams.cleanUp();
        }
        admin.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
        LOG.debug("notification log closed");
    }
}
