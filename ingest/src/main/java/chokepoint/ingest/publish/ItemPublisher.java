package chokepoint.ingest.publish;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Breach;
import chokepoint.records.Item;
import chokepoint.records.ListEntry;
import chokepoint.records.SeenItem;
import chokepoint.records.SourceState;
import chokepoint.topics.RecordTime;
import chokepoint.topics.Topic;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Publishes one poll's new items together with their "seen" marks and the source's state in a single Kafka
 * transaction: either all of it is visible to {@code read_committed} readers or none, so a crash can neither
 * lose an item (marked seen but not published) nor double it (published but not marked).
 * <p>
 * The transaction also commits, for the ingest group, the offset after the source's state record, as the member
 * of the group that owns the source's partition at its current generation (KIP-447). A worker that was put out
 * of the group without knowing it yet (a long pause, a lost broker) is refused by the group coordinator and its
 * transaction aborted, so it cannot publish what the source's new owner publishes too; and the new owner, reading
 * the committed offsets first ({@link chokepoint.ingest.SourceAssignment}), waits for a transaction of the old
 * owner still open on that partition before it reads what was published.
 */
public final class ItemPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ItemPublisher.class);

    private final Properties config = new Properties();
    private final Supplier<ConsumerGroupMetadata> membership;
    private KafkaProducer<byte[], byte[]> producer;

    private static final long SLOW_PUBLICATION_MS = 5_000;

    /** @param membership this worker's place in the ingest group, as of its last rebalance */
    public ItemPublisher(KafkaClients clients, String transactionalId, Supplier<ConsumerGroupMetadata> membership) {
        this.membership = membership;
        config.putAll(clients.properties());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A publication takes milliseconds; a dead worker's open one delays its sources' next owner this long.
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 20_000);
        producer = newProducer();
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
        KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        created.initTransactions();
        return created;
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
        long started = System.nanoTime();
        List<Map.Entry<String, IngestMemory.Mark>> renewals = List.of();
        int seenPartition = SeenPartitions.ofSource(state.sourceId(), producer.partitionsFor(Topics.INGEST_SOURCES.name()).size(),
                producer.partitionsFor(Topics.INGEST_SEEN.name()).size());
        begin();
        try {
            listChanges.forEach((key, entry) -> send(Topics.LIST_ENTRIES, key, entry, null));
            if (health != null) {
                send(Topics.SOURCE_HEALTH, health.id(), health, null);
            }
            for (Item item : items) {
                send(Topics.ITEMS, item.id(), item, RecordTime.of(item.effectiveTime(), item.fetched(), Topics.ITEMS));
                Instant now = Instant.now();
                send(Topics.INGEST_SEEN, seenPartition, item.id(), new SeenItem(item.contentHash(), now, now), null);
            }
            renewals = memory.drainRenewals();
            for (Map.Entry<String, IngestMemory.Mark> renewal : renewals) {
                send(Topics.INGEST_SEEN, renewal.getValue().partition(), renewal.getKey(),
                        new SeenItem(renewal.getValue().contentHash(), null, Instant.now()), null);
            }
            Future<RecordMetadata> stateWritten = send(Topics.INGEST_SOURCES, state.sourceId(), state, null);
            // Every record is in the log before the offsets that claim the source: a successor that waited for
            // them (SourceAssignment) then finds all of this transaction below the end it reads to.
            producer.flush();
            RecordMetadata written = stateWritten.get();
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(written.topic(), written.partition()),
                    new OffsetAndMetadata(written.offset() + 1)), membership.get());
            commit();
            warnIfSlow(state.sourceId(), started);
        } catch (KafkaException e) {
            throw abandoned(e);
        } catch (RuntimeException e) {
            // Whatever fails between begin and commit (a record Kafka refuses to build, a serializer) ends the
            // transaction here: one left open fails every later poll of every source ("Invalid transition").
            throw abandoned(new KafkaException("cannot publish for source " + state.sourceId() + ": " + e, e));
        } catch (ExecutionException e) {
            throw abandoned(new KafkaException("cannot write the state of source " + state.sourceId(), e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw abandoned(new InterruptException(e));
        }
        items.forEach(item -> memory.remember(item.id(), item.contentHash(), seenPartition));
        renewals.forEach(renewal -> memory.remember(renewal.getKey(), renewal.getValue().contentHash(), renewal.getValue().partition()));
        memory.forgetPastHorizon();
        listChanges.forEach(memory::applyListChange);
        memory.update(state);
    }

    /** A publication takes milliseconds; one that took seconds is worth a line when polls come late. */
    private static void warnIfSlow(String sourceId, long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        if (millis >= SLOW_PUBLICATION_MS) {
            LOG.warn("ingest: publishing for source {} took {} ms: Kafka answered slowly", sourceId, millis);
        }
    }

    /** Begins a transaction; one that a failure left open (it must not, but then) is aborted first. */
    private void begin() {
        try {
            producer.beginTransaction();
        } catch (IllegalStateException e) {
            LOG.warn("ingest: a transaction was still open ({}); aborting it first", e.getMessage());
            abandon();
            producer.beginTransaction();
        }
    }

    /**
     * A commit that timed out (a broker lost, the coordinator moving) may still complete: taking it for aborted
     * would publish the same items again at the next poll. So it is retried until Kafka says how it ended; a
     * transaction the coordinator aborted in the meantime ends with an error, and those items are published again.
     */
    private void commit() {
        long started = System.nanoTime();
        while (true) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                LOG.warn("ingest: commit not confirmed after {} s, retrying it: {}",
                        (System.nanoTime() - started) / 1_000_000_000L, e.getMessage());
            }
        }
    }

    /** True when the failure is, or was caused by, another producer taking over this one's transactional id. */
    public static boolean fenced(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure, after the transaction was abandoned; a fenced producer is left as it is: another worker took over
     * its transactional id, and this one must stop writing.
     */
    private KafkaException abandoned(KafkaException failure) {
        if (!fenced(failure)) {
            abandon();
        }
        return failure;
    }

    /**
     * Aborts a transaction that was not asked to commit. When the producer cannot (an operation timed out and must
     * be retried first), a new producer with the same transactional id takes its place: starting, it fences the old
     * one and has the coordinator abort what it left open.
     */
    private void abandon() {
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            if (fenced(e)) {
                throw e;  // a new producer would fence the worker that fenced this one, and so on
            }
            LOG.warn("ingest: cannot abort the transaction ({}); starting the producer again", e.toString());
            producer.close(Duration.ZERO);
            producer = newProducer();
        }
    }

    private <K, V> Future<RecordMetadata> send(Topic<K, V> topic, K key, V value, Long timestamp) {
        return send(topic, null, key, value, timestamp);
    }

    /** @param partition null: the partition of the key's hash */
    private <K, V> Future<RecordMetadata> send(Topic<K, V> topic, Integer partition, K key, V value, Long timestamp) {
        return producer.send(new ProducerRecord<>(topic.name(), partition, timestamp, topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    @Override
    public void close() {
        producer.close();
    }
}
