package chokepoint.ingest;

import chokepoint.kafka.KafkaClients;
import chokepoint.ingest.publish.IngestMemory;
import chokepoint.ingest.publish.SeenPartitions;
import chokepoint.run.RunningLoops;
import chokepoint.run.SupervisedLoop;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Which sources this worker polls, decided by Kafka's own group membership rather than a home-made coordinator:
 * the workers form one consumer group on {@code chokepoint.ingest.sources}, and a worker polls the sources whose
 * state records live on the partitions assigned to it. When a worker leaves or dies, the group hands its
 * partitions, hence its sources, to the others.
 * <p>
 * A hand-over publishes nothing twice: the worker losing a partition waits for its polls in flight before the
 * rebalance completes ({@link #beginPoll}), and the worker gaining one reloads what every worker has published
 * ({@code read_committed}) before it polls. A worker put out of the group without its consent (it stopped answering
 * for a while) cannot wait for anything: its publications carry its {@link #membership()} and the group coordinator
 * refuses them once the group has moved on ({@link chokepoint.ingest.publish.ItemPublisher}); the gaining worker first
 * reads the group's committed offsets, which waits until no transaction of the old owner is open on its partitions.
 */
final class SourceAssignment implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceAssignment.class);

    private final java.util.Properties consumerConfig = new java.util.Properties();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private final IngestMemory memory;
    private final KafkaClients clients;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    /** Polls hold the read lock; a rebalance takes the write lock, so it waits for polls in flight. */
    private final ReentrantReadWriteLock polls = new ReentrantReadWriteLock(true);
    private volatile BooleanSupplier running = () -> true;
    private volatile boolean leaveGroup = true;
    private final SupervisedLoop loop;
    private volatile int partitions;
    private volatile ConsumerGroupMetadata membership;

    /** @param process the loops of this process, which the membership's loop joins */
    SourceAssignment(KafkaClients clients, String group, IngestMemory memory, RunningLoops process) {
        this.clients = clients;
        this.memory = memory;
        consumerConfig.putAll(clients.properties());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A dead worker's sources move after this long.
        consumerConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        consumerConfig.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        loop = SupervisedLoop.start("ingest-assignment", this::run, process);
    }

    /**
     * One life of this worker's membership. When it ends (a failure, or close), the worker owns nothing until a
     * new life has joined the group again: it must not poll sources the group may have given to another worker.
     */
    private void run(Runnable markRunning, BooleanSupplier running) {
        this.running = running;
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.consumer = consumer;
        try {
            partitions = consumer.partitionsFor(Topics.INGEST_SOURCES.name(), Duration.ofSeconds(60)).size();
            consumer.subscribe(List.of(Topics.INGEST_SOURCES.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    polls.writeLock().lock();
                    try {
                        revoked.forEach(partition -> owned.remove(partition.partition()));
                        memory.keepOnly(SeenPartitions.ofSourcePartitions(owned,
                                consumer.partitionsFor(Topics.INGEST_SEEN.name(), Duration.ofSeconds(60)).size()));
                    } finally {
                        polls.writeLock().unlock();
                    }
                    LOG.info("ingest: released partitions {}", revoked);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    membership = consumer.groupMetadata();
                    if (assigned.isEmpty()) {
                        return;
                    }
                    polls.writeLock().lock();
                    try {
                        awaitStableOffsets(assigned);
                        // What the previous owner published must be known before polling its sources.
                        Set<Integer> nowOwned = new java.util.HashSet<>(owned);
                        assigned.forEach(partition -> nowOwned.add(partition.partition()));
                        memory.reload(clients, SeenPartitions.ofSourcePartitions(nowOwned,
                                consumer.partitionsFor(Topics.INGEST_SEEN.name(), Duration.ofSeconds(60)).size()));
                        owned.addAll(nowOwned);
                    } finally {
                        polls.writeLock().unlock();
                    }
                    LOG.info("ingest: took partitions {}, {} item(s) known", assigned, memory.seenCount());
                }
            });
            markRunning.run();
            while (running.getAsBoolean()) {
                // The records themselves are read by IngestMemory; polling keeps this worker in the group.
                consumer.poll(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            if (running.getAsBoolean()) {
                throw e;
            }
        } finally {
            polls.writeLock().lock();
            try {
                owned.clear();
            } finally {
                polls.writeLock().unlock();
            }
            consumer.close(CloseOptions.groupMembershipOperation(leaveGroup
                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        }
    }

    /**
     * The consumer asks for stable committed offsets, which the coordinator refuses while a transaction that
     * commits offsets on the partition is open (KIP-447): waiting for them waits for the previous owner's last
     * publication to be committed or aborted (a dead worker's, when the broker times it out).
     */
    private void awaitStableOffsets(Collection<TopicPartition> assigned) {
        long started = System.nanoTime();
        while (running.getAsBoolean()) {
            try {
                consumer.committed(Set.copyOf(assigned), Duration.ofSeconds(10));
                return;
            } catch (TimeoutException e) {
                LOG.info("ingest: waiting for the previous owner's open transaction on {} ({} s)", assigned,
                        (System.nanoTime() - started) / 1_000_000_000L);
            }
        }
    }

    /** This worker's member id and generation in the group as of its last rebalance; null before the first. */
    ConsumerGroupMetadata membership() {
        return membership;
    }

    /** Starts a poll of the source if this worker owns it; the caller must call {@link #endPoll} when it returned true. */
    boolean beginPoll(String sourceId) {
        polls.readLock().lock();
        if (partitions > 0 && owned.contains(SeenPartitions.sourcePartition(sourceId, partitions))) {
            return true;
        }
        polls.readLock().unlock();
        return false;
    }

    void endPoll() {
        polls.readLock().unlock();
    }

    /** Stops as a crashed worker would: without leaving the group, so the others wait for the session timeout. */
    void halt() {
        leaveGroup = false;
        close();
    }

    @Override
    public void close() {
        loop.stopPolling(() -> consumer, Duration.ofSeconds(10));
    }
}
