package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Notification;
import chokepoint.streams.store.ReadProgress;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * The record of what was delivered, in the compacted {@code chokepoint.notifications} topic. An entry is written only
 * after the receiver accepted the message (Alertmanager's order): a crash between the two gives at most one repeat of
 * what was in flight, never a loss, and the entry stops every later copy. Every delivery instance reads the whole log
 * into the delivery application's global store {@link DeliveryTopology#NOTIFICATION_LOG} on its disk (RocksDB), looked
 * up key by key rather than held in the heap; the decisions and the sender ask the same copy. {@link #catchUp()}
 * waits until it has read what other instances wrote before this one takes over their receivers.
 */
public final class NotificationLog implements AutoCloseable {

    private final KafkaProducer<String, Notification> producer;
    private final Admin admin;
    private final ReadProgress progress;
    private final Map<Integer, Long> endAtStart;
    private volatile KafkaStreams streams;
    private volatile ReadOnlyKeyValueStore<String, byte[]> store;

    /** Made before the delivery application starts: what its global store restores at start counts as read. */
    public NotificationLog(KafkaClients clients, ReadProgress progress) {
        Properties props = clients.properties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // No lingering: each entry closes the window in which a crash repeats a message that was delivered.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(props, Topics.NOTIFICATIONS.keySerde().serializer(),
                Topics.NOTIFICATIONS.valueSerde().serializer());
        admin = clients.admin();
        this.progress = progress;
        endAtStart = ends();
    }

    /** Reads from {@code streams}' global store from now on; call once it is running (its global stores restored). */
    public void open(KafkaStreams running) {
        streams = running;
        // What was restored at start-up is in the store, whether or not the copying processor saw it record by record.
        endAtStart.forEach(progress::reached);
        catchUp();
    }

    /** Waits until everything written to the log so far, by any instance, has been read here. */
    public void catchUp() {
        Map<Integer, Long> end = ends();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!caughtUp(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the notification log could not be read to its end");
            }
            sleep(20);
        }
    }

    /** Whether everything up to {@code ends} (from {@link #ends()}) has been read here: asked without waiting. */
    public boolean caughtUp(Map<Integer, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> progress.at(e.getKey()) >= e.getValue());
    }

    /** Where the log ends now, per partition (what has been written so far, by any instance). */
    public Map<Integer, Long> ends() {
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
        return NotificationLookup.delivered(store(), key);
    }

    /** How many deliveries the store holds (an estimate from RocksDB). */
    public long size() {
        return store().approximateNumEntries();
    }

    /** The latest message about a breach that reached a recipient, if any. */
    public Optional<Notification> latest(String breachId, String recipient) {
        return NotificationLookup.latest(store(), breachId, recipient);
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        ReadOnlyKeyValueStore<String, byte[]> current = store;
        if (current == null) {
            if (streams == null) {
                throw new IllegalStateException("the notification log is not open yet");
            }
            try {
                current = streams.store(StoreQueryParameters.fromNameAndType(DeliveryTopology.NOTIFICATION_LOG,
                        QueryableStoreTypes.keyValueStore()));
            } catch (InvalidStateStoreException e) {
                throw new IllegalStateException("the notification log is not open: " + e.getMessage(), e);
            }
            store = current;
        }
        return current;
    }

    /**
     * Records the deliveries of one message, waits until Kafka has them, and until this instance's copy does: the next
     * question about the same breach and recipient must see them. Written together, so that the time between the
     * receiver's answer and the log having it, in which a crash repeats the message, is one round trip to Kafka.
     */
    public void record(List<Notification> notifications) {
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new java.util.ArrayList<>();
        for (Notification notification : notifications) {
            acks.add(producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS.name(), key(notification), notification)));
        }
        try {
            for (java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the notification log: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the notification log", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Notification notification : notifications) {
            while (store().get(key(notification)) == null && System.nanoTime() < deadline) {
                sleep(5);
            }
        }
    }

    public void record(Notification notification) {
        record(List.of(notification));
    }

    private static String key(Notification notification) {
        return Notification.key(notification.breachId(), notification.state(), notification.recipient());
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
        admin.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
