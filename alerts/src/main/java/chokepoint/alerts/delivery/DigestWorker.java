package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.alerts.subscriptions.DigestSchedule;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.records.Breach;
import chokepoint.records.DeferredBreach;
import chokepoint.records.Notification;
import chokepoint.records.Subscription;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Releases what the delivery topology held back: digests (hourly, daily, weekly in the subscription's time zone) and
 * messages that waited for quiet hours to end. The {@code chokepoint.deferred} topic is the queue; instances share its
 * partitions through a consumer group (one owner per recipient), keep the held records in memory and, when a
 * recipient's are due, put them in the outbox as one message (the {@link OutboxSender} sends it, with the same log
 * check, retries and pace as any other) and commit an offset only past records put there, so a restart re-reads what
 * was still waiting and the notification log stops a second copy.
 */
public final class DigestWorker implements AutoCloseable {

    private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

    private final SubscriptionBook subscriptions;
    private final Recipients recipients;
    private final NotificationLog log;
    private final DeliveryRecords records;
    private final Clock clock;
    private final Properties consumerConfig;
    private final Map<TopicPartition, TreeMap<Long, DeferredBreach>> held = new HashMap<>();
    private final SupervisedLoop loop;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private long lastCheck;
    private final Outbox outbox;

    /**
     * @param instanceId this instance's static membership of the group ({@link chokepoint.run.InstanceId}), or null
     * @param process    the loops of this process, which the digests' loop joins
     */
    DigestWorker(KafkaClients clients, String groupId, String instanceId, SubscriptionBook subscriptions,
                 Recipients recipients, NotificationLog log, DeliveryRecords records, Clock clock, RunningLoops process) {
        this.subscriptions = subscriptions;
        this.recipients = recipients;
        this.log = log;
        this.records = records;
        this.clock = clock;
        consumerConfig = DeliveryGroup.member(clients, groupId, instanceId, "digests");
        consumerConfig.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(15).toMillis());
        outbox = new Outbox(clients, clock);
        loop = SupervisedLoop.start("digests", this::run, process);
    }

    /** One life of the loop; a new life re-reads whatever was held and not yet sent (see the class comment). */
    private void run(Runnable markRunning, BooleanSupplier running) {
        held.clear();
        KafkaConsumer<String, byte[]> current = new KafkaConsumer<>(consumerConfig, Topics.DEFERRED.keySerde().deserializer(),
                new ByteArrayDeserializer());
        consumer = current;
        try {
            current.subscribe(List.of(Topics.DEFERRED.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit();
                    partitions.forEach(held::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    log.catchUp();
                }
            });
            markRunning.run();
            while (running.getAsBoolean()) {
                for (ConsumerRecord<String, byte[]> record : current.poll(Duration.ofMillis(500))) {
                    hold(record);
                }
                if (clock.millis() - lastCheck >= CHECK_EVERY.toMillis()) {
                    lastCheck = clock.millis();
                    sendDue(clock.instant());
                    commit();
                }
            }
        } catch (WakeupException e) {
            if (running.getAsBoolean()) {
                throw e;
            }
        } finally {
            current.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        }
    }

    private void hold(ConsumerRecord<String, byte[]> record) {
        DeferredBreach entry;
        try {
            entry = Topics.DEFERRED.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            records.parkUnreadable(record, e);
            return;
        }
        if (entry != null) {
            held.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new TreeMap<>())
                    .put(record.offset(), entry);
        }
    }

    private void sendDue(Instant now) {
        Map<String, List<Long>> offsetsByRecipient = new LinkedHashMap<>();
        Map<String, List<DeferredBreach>> byRecipient = new LinkedHashMap<>();
        Map<String, TopicPartition> partitionOf = new HashMap<>();
        held.forEach((partition, entries) -> entries.forEach((offset, entry) -> {
            byRecipient.computeIfAbsent(entry.recipientKey(), k -> new ArrayList<>()).add(entry);
            offsetsByRecipient.computeIfAbsent(entry.recipientKey(), k -> new ArrayList<>()).add(offset);
            partitionOf.put(entry.recipientKey(), partition);
        }));
        for (Map.Entry<String, List<DeferredBreach>> group : byRecipient.entrySet()) {
            DeferredBreach oldest = group.getValue().get(0);
            Optional<Subscription> subscription = subscriptions.get(oldest.subscription());
            Optional<Subscription.Channel> channel = subscription.flatMap(s -> s.channels().stream()
                    .filter(c -> c.id().equals(oldest.channelId())).findFirst());
            boolean wanted = channel.isPresent() && !subscription.get().paused()
                    && channel.get().status() == Subscription.ChannelStatus.ACTIVE;
            if (wanted && !DigestSchedule.due(subscription.get(), oldest.deferredAt(), now)) {
                continue;
            }
            if (wanted) {
                Address to = recipients.address(subscription.get(), channel.get());
                // Each breach once, in its newest version held, unless the recipient was told of it meanwhile.
                Map<String, Breach> newest = new LinkedHashMap<>();
                group.getValue().forEach(entry -> newest.merge(entry.breach().id(), entry.breach(),
                        (a, b) -> b.count() >= a.count() ? b : a));
                List<Breach> breaches = newest.values().stream()
                        .filter(b -> !log.delivered(Notification.key(b.id(), "FIRING", to.key()))).toList();
                if (!breaches.isEmpty()) {
                    // A digest is one message: up to 100 breaches for a webhook, 10 for Slack and email (as any message).
                    outbox.putFirings(to, breaches, to.type() == Subscription.ChannelType.WEBHOOK
                            ? DecideProcessor.PER_WEBHOOK_MESSAGE : DecideProcessor.PER_MESSAGE);
                    outbox.confirm();
                }
            }
            // Sent, parked, or no longer wanted (deleted, paused, channel gone or failing): either way done.
            TreeMap<Long, DeferredBreach> entries = held.get(partitionOf.get(group.getKey()));
            offsetsByRecipient.get(group.getKey()).forEach(entries::remove);
        }
    }

    /** Commits, per partition, up to the oldest record still held: everything before it was sent. */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            TreeMap<Long, DeferredBreach> entries = held.get(partition);
            long offset = entries == null || entries.isEmpty() ? consumer.position(partition) : entries.firstKey();
            offsets.put(partition, new OffsetAndMetadata(offset));
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    @Override
    public void close() {
        loop.stopPolling(() -> consumer, Duration.ofSeconds(30));
        outbox.close();
    }
}
