package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Breach;
import chokepoint.records.OutboundMessage;
import chokepoint.run.SupervisedLoop;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Sends the Slack messages of the outbox partitions this instance owns in the consumer group: every message to one
 * webhook comes through here, in order, so the {@link Dispatcher}'s pace of one a second per webhook holds across all
 * instances. Webhooks are sent to in parallel; offsets are committed once every message read was accepted or parked.
 * A message read again after a crash is checked against the notification log first and not sent twice.
 */
public final class SlackOutboxSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlackOutboxSender.class);

    private final Recipients recipients;
    private final Dispatcher dispatcher;
    private final NotificationLog log;
    private final Duration giveUpAfter;
    private final Clock clock;
    private final Properties consumerConfig;
    private final ExecutorService senders = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "chokepoint-slack-send");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * Updates of firing breaches that came within {@code group-interval} of the last message to their recipient, by
     * breach|recipient: held in memory until the interval has passed, as {@link DeliveryWorker} holds its own.
     */
    private final Map<String, Held> held = new java.util.concurrent.ConcurrentHashMap<>();
    private final SupervisedLoop loop;

    private record Held(String recipient, Breach breach) {
    }
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile long stopBy = Long.MAX_VALUE;

    public SlackOutboxSender(KafkaClients clients, String groupId, String instanceId, Recipients recipients, Dispatcher dispatcher,
                             NotificationLog log, Duration giveUpAfter, Clock clock) {
        this.recipients = recipients;
        this.dispatcher = dispatcher;
        this.log = log;
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
        consumerConfig = DeliveryGroup.member(clients, groupId, instanceId, "slack-outbox");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        // Fifty messages to one webhook take fifty seconds at Slack's pace, each with its own give-up time.
        consumerConfig.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, giveUpAfter.multipliedBy(50).plus(Duration.ofMinutes(2)).toMillis()));
        loop = SupervisedLoop.start("slack-outbox", this::run);
    }

    private void run(Runnable markRunning, BooleanSupplier running) {
        KafkaConsumer<String, byte[]> current = new KafkaConsumer<>(consumerConfig, Topics.SLACK_OUTBOX.keySerde().deserializer(),
                new ByteArrayDeserializer());
        consumer = current;
        try {
            current.subscribe(List.of(Topics.SLACK_OUTBOX.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Every poll is sent and committed before the next; updates waiting for their interval are
                    // dropped (a breach's next change is news again), as the webhooks may now belong to another.
                    held.clear();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // What the previous owner sent must be known here before its messages are read again.
                    log.catchUp();
                }
            });
            markRunning.run();
            while (running.getAsBoolean()) {
                ConsumerRecords<String, byte[]> records = current.poll(Duration.ofMillis(200));
                releaseHeld();
                if (records.isEmpty()) {
                    continue;
                }
                send(records);
                if (System.currentTimeMillis() < stopBy) {
                    current.commitSync();
                }
            }
        } catch (WakeupException e) {
            if (running.getAsBoolean()) {
                throw e;
            }
        } finally {
            current.close(Duration.ofSeconds(5));
        }
    }

    /** The messages of each webhook in order, webhooks in parallel. */
    private void send(ConsumerRecords<String, byte[]> records) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byWebhook = new LinkedHashMap<>();
        records.forEach(record -> byWebhook.computeIfAbsent(String.valueOf(record.key()), k -> new ArrayList<>()).add(record));
        List<Future<?>> sent = new ArrayList<>();
        for (List<ConsumerRecord<String, byte[]>> messages : byWebhook.values()) {
            sent.add(senders.submit(() -> messages.forEach(this::sendOne)));
        }
        for (Future<?> future : sent) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Slack delivery failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending to Slack", e);
            }
        }
    }

    private void sendOne(ConsumerRecord<String, byte[]> record) {
        OutboundMessage message;
        try {
            message = Topics.SLACK_OUTBOX.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            dispatcher.parkUnreadable(record, e);
            return;
        }
        if (message == null) {
            return;
        }
        Optional<Recipient> recipient = recipients.byKey(message.recipient());
        if (recipient.isEmpty()) {
            LOG.info("Slack message to {} dropped: the channel is gone, paused or no longer active", message.recipient());
            return;
        }
        Instant now = clock.instant();
        // Decided again here: read again after a crash or a handover, what was sent since is not news any more; and a
        // newer version of a breach queued while its first message waited in the outbox is an update, which waits
        // for the group interval like any other.
        List<Breach> news = new ArrayList<>();
        for (Breach breach : message.breaches()) {
            String key = breach.id() + "|" + message.recipient();
            switch (dispatcher.due(breach, recipient.get(), now)) {
                case NOW -> {
                    held.remove(key);
                    news.add(breach);
                }
                case AFTER_INTERVAL -> held.put(key, new Held(message.recipient(), breach));
                case NOTHING -> held.remove(key);
            }
        }
        if (!news.isEmpty()) {
            dispatcher.deliver(recipient.get(), news, now.plus(giveUpAfter), () -> System.currentTimeMillis() < stopBy);
        }
    }

    /** Updates whose group interval has passed go out, one message each; those no longer news are dropped. */
    private void releaseHeld() {
        if (held.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (Map.Entry<String, Held> entry : List.copyOf(held.entrySet())) {
            Optional<Recipient> recipient = recipients.byKey(entry.getValue().recipient());
            Dispatcher.Due due = recipient.isEmpty() ? Dispatcher.Due.NOTHING : dispatcher.due(entry.getValue().breach(), recipient.get(), now);
            if (due == Dispatcher.Due.AFTER_INTERVAL) {
                continue;
            }
            held.remove(entry.getKey(), entry.getValue());
            if (due == Dispatcher.Due.NOW) {
                dispatcher.deliver(recipient.get(), List.of(entry.getValue().breach()), now.plus(giveUpAfter),
                        () -> System.currentTimeMillis() < stopBy);
            }
        }
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
    }
}
