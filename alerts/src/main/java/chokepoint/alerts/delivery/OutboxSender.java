package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.OutboundMessage;
import chokepoint.run.RunningLoops;
import chokepoint.run.SupervisedLoop;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Sends what the delivery topology decided: one sender per instance reads {@code chokepoint.delivery.outbox} in a
 * consumer group (instances share the receivers by partition), sends each receiver's messages in order and different
 * receivers concurrently ({@link KeyedWork}), and commits a partition's offset only below its oldest message not yet
 * finished. The poll loop never waits on a receiver: a slow or failing one holds its own key, not the others, nor the
 * group (the poll interval stays at {@link #MAX_POLL_INTERVAL}, far under Kafka's default); a partition with too much
 * queued is paused until it drains. A partition taken over is sent from only once this instance's notification log
 * has read what the previous owner wrote; one handed over is let go after its messages on the wire finish (or
 * {@link #RELEASE_WAIT}), and what it did not finish is the new owner's. A partition that comes back while a request of
 * its previous stay here is still on the wire holds that receiver's messages until the request is answered (and its log
 * entry written), so this instance never sends a message twice; another instance may, once, for a request answered
 * later than {@link #RELEASE_WAIT} after the hand-over.
 */
public final class OutboxSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    /** The poll loop polls every few milliseconds; Kafka's default is five minutes. */
    public static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(10);
    /** How long a partition being handed over, or a stop, waits for the requests on the wire. */
    static final Duration RELEASE_WAIT = Duration.ofSeconds(5);
    static final int MAX_QUEUED_PER_PARTITION = 1_000;
    private static final Duration COMMIT_EVERY = Duration.ofMillis(200);

    private final MessageSender messages;
    private final NotificationLog log;
    private final DeliveryRecords records;
    private final Properties consumerConfig;
    /** The longest a request on the wire may last (its timeouts, generously): how long a next owner holds it. */
    private final Duration requestBound;
    private final AtomicBoolean halted = new AtomicBoolean();
    private final AtomicInteger revocations = new AtomicInteger();
    private final SupervisedLoop loop;
    private volatile boolean closing;
    private volatile KafkaConsumer<String, byte[]> consumer;

    OutboxSender(KafkaClients clients, String groupId, String instanceId, MessageSender messages, NotificationLog log,
                 DeliveryRecords records, Duration requestBound, RunningLoops process) {
        this.messages = messages;
        this.requestBound = requestBound;
        this.log = log;
        this.records = records;
        consumerConfig = DeliveryGroup.member(clients, groupId, instanceId, "outbox");
        consumerConfig.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_POLL_INTERVAL.toMillis());
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        loop = SupervisedLoop.start("delivery-send", this::run, process);
    }

    /** One life of the loop: a consumer and bookkeeping of its own; a failure leaves what was unfinished to the next. */
    private void run(Runnable markRunning, BooleanSupplier running) {
        KeyedWork work = new KeyedWork();
        AtomicBoolean ending = new AtomicBoolean();
        Map<TopicPartition, Long> committed = new HashMap<>();
        TakeOver takeOver = new TakeOver();
        KafkaConsumer<String, byte[]> current = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        consumer = current;
        try {
            current.subscribe(List.of(Topics.OUTBOX.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!work.owned(partitions).isEmpty() && !closing && !ending.get()) {
                        revocations.incrementAndGet();
                        LOG.info("outbox partitions {} handed over", partitions);
                    }
                    release(current, work, partitions, committed);
                    takeOver.forget(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    // Another instance may send them already: nothing to commit, stop our retries. A request on the wire
                    // stays tracked: if the partition comes back here, its receiver's messages wait for its answer.
                    if (!work.owned(partitions).isEmpty() && !closing && !ending.get()) {
                        LOG.info("outbox partitions {} lost (this member was put out of its group)", partitions);
                    }
                    work.runningIn(partitions).forEach(r -> r.sending().stop());
                    work.forget(partitions);
                    takeOver.forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // What the previous owner sent must be known here before its messages are sent again: blocked until
                    // the log has read to where it ends now, or, for requests it left on the wire, to where it ends once
                    // they are over (no wait here, the poll loop goes on).
                    LOG.info("sending for outbox partitions {}", partitions);
                    if (!partitions.isEmpty()) {
                        work.assigned(partitions);
                        takeOver.assigned(partitions, current.committed(new HashSet<>(partitions), Duration.ofSeconds(30)),
                                System.currentTimeMillis(), log.ends());
                        messages.pace().assigned(partitions.stream().map(TopicPartition::partition).toList());
                    }
                }
            });
            markRunning.run();
            long lastCommit = 0;
            while (running.getAsBoolean() && !halted.get()) {
                for (ConsumerRecord<String, byte[]> record : current.poll(Duration.ofMillis(20))) {
                    work.add(record);
                }
                if (takeOver.waiting()) {
                    work.unblock(takeOver.ready(System.currentTimeMillis(), log::ends, log::caughtUp));
                }
                drain(work);
                for (ConsumerRecord<String, byte[]> record : work.ready()) {
                    start(work, record);
                }
                pauseOrResume(current, work);
                if (System.currentTimeMillis() - lastCommit >= COMMIT_EVERY.toMillis()) {
                    commit(current, work, work.owned(current.assignment()), committed, false, Map.of());
                    lastCommit = System.currentTimeMillis();
                }
            }
        } catch (WakeupException e) {
            if (running.getAsBoolean() && !halted.get()) {
                throw e;
            }
        } finally {
            ending.set(true);
            if (halted.get()) {
                // A simulated kill: nothing committed, the group left as a crash leaves it.
                work.running().forEach(r -> r.sending().stop());
                current.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                        .withTimeout(Duration.ZERO));
            } else {
                try {
                    release(current, work, current.assignment(), committed);
                } catch (RuntimeException e) {
                    LOG.warn("delivery could not commit what it finished: {}", e.toString());
                }
                current.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(5)));
            }
        }
    }

    private void start(KeyedWork work, ConsumerRecord<String, byte[]> record) {
        OutboundMessage message;
        try {
            message = Topics.OUTBOX.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            records.parkUnreadable(record, e);
            work.finishedNow(record);
            return;
        }
        if (message == null) {
            work.finishedNow(record);
            return;
        }
        work.started(record, messages.start(message, record.key(), record.partition()));
    }

    /** Takes note of finished messages; a message that failed in an unexpected way fails this life of the loop. */
    private void drain(KeyedWork work) {
        KeyedWork.Completion completion;
        while ((completion = work.nextCompletion()) != null) {
            work.completed(completion);
            if (completion.error() != null && !halted.get()) {
                Throwable cause = completion.error() instanceof java.util.concurrent.CompletionException && completion.error().getCause() != null
                        ? completion.error().getCause() : completion.error();
                throw new IllegalStateException("delivery failed: " + cause.getMessage(), cause);
            }
        }
    }

    /**
     * Lets partitions go (handed over, or this instance stopping): their retries stop, the requests on the wire get
     * {@link #RELEASE_WAIT} to finish, and the offsets of what finished are committed. A partition whose requests are
     * still unanswered then says in its offset's metadata until when they may last: the next owner waits for them.
     */
    private void release(KafkaConsumer<String, byte[]> current, KeyedWork work, Collection<TopicPartition> partitions,
                         Map<TopicPartition, Long> committed) {
        List<TopicPartition> owned = work.owned(partitions);
        if (owned.isEmpty()) {
            return;  // let go already (a failure's clean-up, then the close's revocation)
        }
        List<KeyedWork.Running> leaving = work.runningIn(owned);
        leaving.forEach(r -> r.sending().stop());
        try {
            CompletableFuture.allOf(leaving.stream().map(r -> r.sending().done().exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                    .get(RELEASE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Noted in the offsets' metadata below.
        } catch (java.util.concurrent.ExecutionException e) {
            // Counted by drain below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<KeyedWork.Running> onTheWire = leaving.stream().filter(r -> !r.sending().done().isDone()).toList();
        Map<TopicPartition, String> unanswered = new HashMap<>();
        String until = TakeOver.metadata(System.currentTimeMillis() + requestBound.toMillis());
        onTheWire.forEach(r -> unanswered.put(new TopicPartition(r.record().topic(), r.record().partition()), until));
        if (!onTheWire.isEmpty()) {
            LOG.warn("{} message(s) still on the wire after {}: the next owner of {} waits up to {} for them",
                    onTheWire.size(), RELEASE_WAIT, unanswered.keySet(), requestBound);
        }
        KeyedWork.Completion completion;
        while ((completion = work.nextCompletion()) != null) {
            work.completed(completion);
        }
        commit(current, work, owned, committed, true, unanswered);
        work.forget(owned);
    }

    /** Commits what finished; {@code notes} are metadata for the next owner (committed even where the offset is unchanged). */
    private void commit(KafkaConsumer<String, byte[]> current, KeyedWork work, Collection<TopicPartition> partitions,
                        Map<TopicPartition, Long> committed, boolean sync, Map<TopicPartition, String> notes) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long safe = work.safeOffset(partition, current.position(partition));
            if (!Objects.equals(committed.get(partition), safe) || notes.containsKey(partition)) {
                offsets.put(partition, new OffsetAndMetadata(safe, notes.getOrDefault(partition, "")));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            current.commitSync(offsets);
            offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        } else {
            current.commitAsync(offsets, (done, error) -> {
                if (error != null) {
                    LOG.info("offsets not committed ({}); they are next time", error.toString());
                } else {
                    done.forEach((partition, offset) -> committed.put(partition, offset.offset()));
                }
            });
        }
    }

    /** A partition with too much waiting is paused (a receiver that cannot keep up), and resumed once it drained. */
    private static void pauseOrResume(KafkaConsumer<String, byte[]> current, KeyedWork work) {
        for (TopicPartition partition : current.assignment()) {
            int held = work.held(partition);
            boolean paused = current.paused().contains(partition);
            if (!paused && held > MAX_QUEUED_PER_PARTITION) {
                current.pause(List.of(partition));
            } else if (paused && held < MAX_QUEUED_PER_PARTITION / 2) {
                current.resume(List.of(partition));
            }
        }
    }

    /** How many times partitions were taken from this sender while it ran (a rebalance), for tests. */
    public int revocations() {
        return revocations.get();
    }

    /**
     * Stops as a killed process would (for failure tests): no further log entry, no offset commit. Call it from
     * {@link DeliveryService.AfterAccepted} and throw {@link DeliveryService.Halted} to stop that very delivery.
     */
    void halt() {
        halted.set(true);
        loop.stop(null, Duration.ZERO);
    }

    SupervisedLoop loop() {
        return loop;
    }

    @Override
    public void close() {
        closing = true;
        loop.stopPolling(() -> consumer, Duration.ofSeconds(30));
    }
}
