package chokepoint.alerts.delivery;

import chokepoint.alerts.subscriptions.DigestSchedule;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.records.Breach;
import chokepoint.records.DeferredBreach;
import chokepoint.records.Subscription;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends what {@link DeliveryWorker} held back: digests (hourly, daily, weekly in the subscription's time zone)
 * and messages that waited for quiet hours to end. The {@code chokepoint.deferred} topic is the queue; instances
 * share its partitions through a consumer group (one owner per recipient), keep the held records in memory and
 * commit an offset only past records that were sent, so a restart re-reads what was still waiting.
 */
public final class DigestWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DigestWorker.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

    private final SubscriptionBook subscriptions;
    private final Recipients recipients;
    private final Dispatcher dispatcher;
    private final NotificationLog log;
    private final Clock clock;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, TreeMap<Long, DeferredBreach>> held = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private long lastCheck;

    public DigestWorker(String bootstrapServers, String groupId, SubscriptionBook subscriptions, Recipients recipients,
                        Dispatcher dispatcher, NotificationLog log, Clock clock) {
        this.subscriptions = subscriptions;
        this.recipients = recipients;
        this.dispatcher = dispatcher;
        this.log = log;
        this.clock = clock;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(15).toMillis());
        consumer = new KafkaConsumer<>(props, Topics.DEFERRED.keySerde().deserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "chokepoint-digests");
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.DEFERRED.name()), new ConsumerRebalanceListener() {
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
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    hold(record);
                }
                if (clock.millis() - lastCheck >= CHECK_EVERY.toMillis()) {
                    lastCheck = clock.millis();
                    sendDue(clock.instant());
                    commit();
                }
            }
        } catch (WakeupException e) {
            // close() woke us up to stop.
        } catch (RuntimeException e) {
            LOG.error("digests stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void hold(ConsumerRecord<String, byte[]> record) {
        DeferredBreach entry;
        try {
            entry = Topics.DEFERRED.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            dispatcher.parkUnreadable(record, e);
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
                Recipient recipient = recipients.recipient(subscription.get(), channel.get());
                List<Breach> breaches = group.getValue().stream().map(DeferredBreach::breach)
                        .filter(b -> !dispatcher.delivered(b, recipient)).distinct().toList();
                if (!breaches.isEmpty() && !dispatcher.deliver(recipient, breaches, running::get) && !running.get()) {
                    return;
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
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
