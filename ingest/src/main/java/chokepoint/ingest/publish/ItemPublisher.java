package chokepoint.ingest.publish;

import chokepoint.records.Breach;
import chokepoint.records.Item;
import chokepoint.records.ListEntry;
import chokepoint.records.SeenItem;
import chokepoint.records.SourceState;
import chokepoint.topics.Topic;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Publishes one poll's new items together with their "seen" marks and the source's state in a single Kafka
 * transaction: either all of it is visible to {@code read_committed} readers or none, so a crash can neither
 * lose an item (marked seen but not published) nor double it (published but not marked).
 */
public final class ItemPublisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    public ItemPublisher(String bootstrapServers, String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    /** Publishes the items and the source state atomically; the memory is updated only after the commit. */
    public synchronized void publish(List<Item> items, SourceState state, IngestMemory memory) {
        publish(items, state, null, memory);
    }

    /**
     * The same, with a change of the source's health breach ({@link SourceHealth}) in the same transaction, so
     * that the alert and the state that explains it are published together or not at all.
     */
    public synchronized void publish(List<Item> items, SourceState state, Breach health, IngestMemory memory) {
        publish(items, state, health, Map.of(), memory);
    }

    /**
     * The same, with the changes of a list source's entries (keyed {@code sourceId|entryId}, null for a removal),
     * so that a list's new snapshot and the items that report its changes land together.
     */
    public synchronized void publish(List<Item> items, SourceState state, Breach health, Map<String, ListEntry> listChanges,
                                     IngestMemory memory) {
        producer.beginTransaction();
        try {
            listChanges.forEach((key, entry) -> send(Topics.LIST_ENTRIES, key, entry, null));
            if (health != null) {
                send(Topics.BREACHES, health.id(), health, null);
            }
            for (Item item : items) {
                send(Topics.ITEMS, item.id(), item, eventTime(item));
                send(Topics.INGEST_SEEN, item.id(), new SeenItem(item.contentHash(), Instant.now()), null);
            }
            send(Topics.INGEST_SOURCES, state.sourceId(), state, null);
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            // Another worker took over this transactional id: this one must stop writing.
            throw e;
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw e;
        }
        items.forEach(item -> memory.remember(item.id(), item.contentHash()));
        listChanges.forEach(memory::applyListChange);
        memory.update(state);
    }

    /**
     * Items carry their publication time as the record timestamp, so that every window downstream runs on the
     * time things happened rather than the time they were fetched. Never later than the fetch: brokers refuse
     * timestamps far in the future.
     */
    private static Long eventTime(Item item) {
        Instant time = item.effectiveTime().isAfter(item.fetched()) ? item.fetched() : item.effectiveTime();
        return time.toEpochMilli();
    }

    private <K, V> void send(Topic<K, V> topic, K key, V value, Long timestamp) {
        producer.send(new ProducerRecord<>(topic.name(), null, timestamp, topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    @Override
    public void close() {
        producer.close();
    }
}
