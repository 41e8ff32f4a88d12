package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionMatcher;
import chokepoint.records.Breach;
import chokepoint.records.DeferredBreach;
import chokepoint.records.Subscription;
import chokepoint.run.SupervisedLoop;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Delivers breaches as they fire. Reads {@code chokepoint.breaches} ({@code read_committed}) in a consumer group,
 * so that instances share the partitions and take each other's over when one stops; collects for each recipient
 * what arrives within the group wait into one message; skips what the notification log says was delivered;
 * hands each message to the {@link Dispatcher} (recipients in parallel), or, for Slack, to the {@link SlackOutbox}
 * where the instance owning the webhook sends it at Slack's pace; holds breaches for digests and quiet
 * hours in {@code chokepoint.deferred}. Offsets are committed only once everything read has been delivered,
 * parked or deferred: a crash re-reads it, and the log stops the copies.
 */
public final class DeliveryWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int MAX_PENDING_BREACHES = 500;
    /** Slack and email messages list every breach they carry (Slack allows 50 blocks a message). */
    private static final int MAX_PER_MESSAGE = 10;

    private record Batch(Recipient recipient, List<Breach> breaches) {
    }

    private final Recipients recipients;
    private final Dispatcher dispatcher;
    private final SubscriptionBook subscriptions;
    private final NotificationLog log;
    private final Duration groupWait;
    private final Duration giveUpAfter;
    private final Clock clock;
    private final Properties consumerConfig;
    private final KafkaProducer<String, DeferredBreach> deferred;
    private final SlackOutbox outbox;
    private final ExecutorService senders = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "chokepoint-delivery-send");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Batch> pending = new LinkedHashMap<>();
    /**
     * Updates of firing breaches that came within {@code group-interval} of the last message to their recipient,
     * by breach|recipient: the newest version waits here until the interval has passed. Held in memory: a crash
     * loses the wait, not the breach, whose next change is news again.
     */
    private final Map<String, Batch> heldUpdates = new LinkedHashMap<>();
    private final AtomicBoolean halted = new AtomicBoolean(false);
    private final SupervisedLoop loop;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile long stopBy = Long.MAX_VALUE;
    private long firstPendingAt;
    private boolean uncommitted;

    /** @param instanceId this instance's static membership of the group ({@link chokepoint.run.InstanceId}), or null */
    public DeliveryWorker(KafkaClients clients, String groupId, String instanceId, Duration groupWait, Duration giveUpAfter,
                          Recipients recipients, Dispatcher dispatcher, SubscriptionBook subscriptions, NotificationLog log, Clock clock) {
        this.recipients = recipients;
        this.dispatcher = dispatcher;
        this.subscriptions = subscriptions;
        this.log = log;
        this.groupWait = groupWait;
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
        consumerConfig = DeliveryGroup.member(clients, groupId, instanceId, "delivery");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        // A batch's deliveries share one give-up deadline, so one turn of the loop lasts at most that long; the poll
        // interval leaves room beyond it. (A 429 asking for an hour once outlived the interval: the consumer was put
        // out of its group, its commit failed, and delivery stopped for good.)
        consumerConfig.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, giveUpAfter.plus(groupWait).plus(Duration.ofMinutes(2)).toMillis()));
        Properties producerProps = clients.properties();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        deferred = new KafkaProducer<>(producerProps, Topics.DEFERRED.keySerde().serializer(), Topics.DEFERRED.valueSerde().serializer());
        outbox = new SlackOutbox(clients, clock);
        loop = SupervisedLoop.start("delivery", this::run);
    }

    /**
     * One life of the loop: a consumer of its own, every batch delivered before its offsets are committed. When it
     * fails, what was read but not committed is read again by the next life (or another instance), and the
     * notification log stops what was already delivered from going out twice.
     */
    private void run(Runnable markRunning, BooleanSupplier running) {
        pending.clear();
        heldUpdates.clear();
        uncommitted = false;
        KafkaConsumer<String, byte[]> current = new KafkaConsumer<>(consumerConfig, Topics.BREACHES.keySerde().deserializer(),
                new ByteArrayDeserializer());
        consumer = current;
        boolean failed = false;
        try {
            current.subscribe(List.of(Topics.BREACHES.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Hand over cleanly: what was read is delivered and committed before another instance reads on.
                    finishAndCommit();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // What the previous owner delivered must be known here before its partitions are read again.
                    log.catchUp();
                }
            });
            markRunning.run();
            while (running.getAsBoolean() && !halted.get()) {
                ConsumerRecords<String, byte[]> records = current.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> record : records) {
                    handle(record);
                    uncommitted = true;
                }
                releaseDueUpdates();
                // group-wait gathers what arrives together: while records keep coming, up to the wait; a breach with
                // nothing else on its way (the last poll brought nothing) leaves at once.
                boolean waiting = !pending.isEmpty() && !records.isEmpty() && clock.millis() - firstPendingAt < groupWait.toMillis()
                        && pending.values().stream().mapToInt(b -> b.breaches().size()).sum() < MAX_PENDING_BREACHES;
                if (!waiting && running.getAsBoolean()) {
                    finishAndCommit();
                }
            }
        } catch (WakeupException e) {
            if (running.getAsBoolean() && !halted.get()) {
                failed = true;
                throw e;
            }
        } catch (Halted e) {
            LOG.warn("delivery halted");
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        } finally {
            if (!halted.get() && !failed) {
                try {
                    finishAndCommit();
                } catch (RuntimeException e) {
                    LOG.warn("delivery could not finish its last batch: {}", e.toString());
                }
            }
            // A stop or a failure hands the partitions over at once; a halt (a simulated kill) leaves them as a crash would.
            current.close(CloseOptions.groupMembershipOperation(halted.get() ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                    : CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(5)));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        Breach breach;
        try {
            breach = Topics.BREACHES.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            dispatcher.parkUnreadable(record, e);
            return;
        }
        if (breach == null) {
            return;
        }
        Instant now = clock.instant();
        if (breach.state() == Breach.State.RESOLVED) {
            endSilencesWaitingFor(breach, now);
        }
        Recipients.Resolved resolved;
        try {
            resolved = recipients.of(breach, now);
        } catch (RuntimeException e) {
            dispatcher.parkUnreadable(record, e);
            return;
        }
        for (Recipient recipient : resolved.now()) {
            String held = breach.id() + "|" + recipient.key();
            switch (dispatcher.due(breach, recipient, now)) {
                case NOW -> {
                    heldUpdates.remove(held);
                    enqueue(recipient, breach);
                }
                case AFTER_INTERVAL -> heldUpdates.put(held, new Batch(recipient, new ArrayList<>(List.of(breach))));
                case NOTHING -> heldUpdates.remove(held);
            }
        }
        if (breach.state() == Breach.State.RESOLVED) {
            return;  // a resolution is not held for a digest
        }
        for (Recipient recipient : resolved.deferred()) {
            if (!dispatcher.delivered(breach, recipient)) {
                deferred.send(new ProducerRecord<>(Topics.DEFERRED.name(), recipient.key(),
                        new DeferredBreach(recipient.subscription(), recipient.channelId(), breach, now)));
            }
        }
    }

    private void enqueue(Recipient recipient, Breach breach) {
        if (pending.isEmpty()) {
            firstPendingAt = clock.millis();
        }
        List<Breach> batch = pending.computeIfAbsent(recipient.key(), k -> new Batch(recipient, new ArrayList<>())).breaches();
        // A newer version of a breach already waiting replaces it: one breach, one mention, its newest figures.
        int waiting = indexOf(batch, breach.id());
        if (waiting >= 0) {
            batch.set(waiting, breach);
        } else {
            batch.add(breach);
        }
    }

    /** Updates whose group-interval has passed join the next message. */
    private void releaseDueUpdates() {
        if (heldUpdates.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        heldUpdates.entrySet().removeIf(entry -> {
            Breach breach = entry.getValue().breaches().get(0);
            Recipient recipient = entry.getValue().recipient();
            Dispatcher.Due due = dispatcher.due(breach, recipient, now);
            if (due == Dispatcher.Due.NOW) {
                enqueue(recipient, breach);
            }
            return due != Dispatcher.Due.AFTER_INTERVAL;
        });
    }

    private static int indexOf(List<Breach> breaches, String id) {
        for (int i = 0; i < breaches.size(); i++) {
            if (breaches.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private void endSilencesWaitingFor(Breach resolved, Instant now) {
        for (Subscription subscription : subscriptions.all()) {
            if (SubscriptionMatcher.afterResolution(subscription, resolved).size() != subscription.silences().size()) {
                subscriptions.updateInBackground(subscription.id(), "silence-expiry", latest -> {
                    List<Subscription.Silence> remaining = SubscriptionMatcher.afterResolution(latest, resolved);
                    return remaining.size() == latest.silences().size() ? latest : latest.withSilences(remaining, now);
                });
            }
        }
    }

    /** Delivers every pending batch, recipients in parallel, then commits what was read. */
    private void finishAndCommit() {
        if (!pending.isEmpty()) {
            Instant giveUp = clock.instant().plus(giveUpAfter);
            List<Future<Boolean>> sent = new ArrayList<>();
            for (Batch batch : pending.values()) {
                if (batch.recipient().type() == Subscription.ChannelType.SLACK) {
                    // Sent by the instance that owns the webhook's outbox partition, at Slack's pace.
                    for (int from = 0; from < batch.breaches().size(); from += MAX_PER_MESSAGE) {
                        outbox.put(batch.recipient(), batch.breaches().subList(from, Math.min(batch.breaches().size(), from + MAX_PER_MESSAGE)));
                    }
                    continue;
                }
                sent.add(senders.submit(() -> {
                    // A message carries a readable number of breaches; a big group goes out as several, in order.
                    int size = batch.recipient().type() == Subscription.ChannelType.WEBHOOK ? 100 : MAX_PER_MESSAGE;
                    boolean all = true;
                    for (int from = 0; from < batch.breaches().size(); from += size) {
                        List<Breach> chunk = batch.breaches().subList(from, Math.min(batch.breaches().size(), from + size));
                        all &= dispatcher.deliver(batch.recipient(), chunk, giveUp, this::deliveringAllowed);
                    }
                    return all;
                }));
            }
            for (Future<Boolean> future : sent) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Halted halt) {
                        throw halt;
                    }
                    throw new IllegalStateException("delivery failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while delivering", e);
                }
            }
            pending.clear();
        }
        if (halted.get() || !deliveringAllowed()) {
            return;
        }
        if (uncommitted) {
            outbox.confirm();
            deferred.flush();
            consumer.commitSync();
            uncommitted = false;
        }
    }

    /** Delivery goes on during a stop for a short grace, so that a clean shutdown hands over finished work. */
    private boolean deliveringAllowed() {
        return !halted.get() && System.currentTimeMillis() < stopBy;
    }

    /** Thrown to abandon work the way a killed process would: nothing after it runs, nothing is committed. */
    public static final class Halted extends RuntimeException {
        public Halted() {
            super("halted", null, false, false);
        }
    }

    /**
     * Stops as a killed process would (for failure tests): no further log entry, no offset commit. Call it from
     * {@link Dispatcher.AfterAccepted} and throw {@link Halted} to stop that very delivery.
     */
    public void halt() {
        halted.set(true);
        loop.stop(null, Duration.ZERO);
    }

    public void awaitStopped(Duration timeout) throws InterruptedException {
        loop.join(timeout);
    }

    /** The supervised loop, for health and for tests that kill it. */
    public SupervisedLoop loop() {
        return loop;
    }

    @Override
    public void close() {
        stopBy = System.currentTimeMillis() + 10_000;
        loop.stop(() -> {
            KafkaConsumer<String, byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
        }, Duration.ofSeconds(60));
        senders.shutdownNow();
        deferred.close(Duration.ofSeconds(5));
        outbox.close();
    }
}
