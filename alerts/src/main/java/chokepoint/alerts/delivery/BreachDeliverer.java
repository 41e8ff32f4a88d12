package chokepoint.alerts.delivery;

import chokepoint.alerts.AlertsRuntime;
import chokepoint.config.SlackSettings;
import chokepoint.records.Breach;
import chokepoint.records.DeadLetter;
import chokepoint.records.Notification;
import chokepoint.topics.Topics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers every FIRING breach to each configured Slack webhook, once. Reads {@code chokepoint.breaches}
 * ({@code read_committed}) in a consumer group, skips what the {@link NotificationLog} says was delivered, retries
 * timeouts and 5xx with exponential backoff and jitter, waits at least Retry-After on 429, paces each webhook to
 * about one message a second, and parks permanent failures in the dead-letter topic. Offsets are committed only
 * after a batch is fully handled, so a crash re-reads it and the log stops the copies.
 */
@Context
public class BreachDeliverer {

    private static final Logger LOG = LoggerFactory.getLogger(BreachDeliverer.class);
    private static final Duration PACE = Duration.ofSeconds(1);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    private final AlertsRuntime runtime;
    private final SlackSender slack;
    private final NotificationLog log;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, DeadLetter> deadLetters;
    private final Map<String, Long> lastSendByWebhook = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public BreachDeliverer(AlertsRuntime runtime, SlackSender slack) {
        this.runtime = runtime;
        this.slack = slack;
        this.log = new NotificationLog(runtime.bootstrapServers());
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, runtime.config().kafka().applicationPrefix() + "-delivery");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        consumer = new KafkaConsumer<>(props, Topics.BREACHES.keySerde().deserializer(), new ByteArrayDeserializer());
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        deadLetters = new KafkaProducer<>(producerProps, Topics.DEAD_LETTERS.keySerde().serializer(),
                Topics.DEAD_LETTERS.valueSerde().serializer());
        if (!runtime.config().email().recipients().isEmpty()) {
            LOG.warn("email.recipients is set but email delivery is not built yet: only Slack webhooks receive breaches");
        }
        thread = new Thread(this::run, "chokepoint-delivery");
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.BREACHES.name()));
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    handle(record);
                }
                // A stop in the middle of a batch leaves it uncommitted: it is read again and the log skips
                // what was already delivered.
                if (!records.isEmpty() && running.get()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // close() woke us up to stop.
        } catch (RuntimeException e) {
            LOG.error("delivery stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        Breach breach;
        try {
            breach = Topics.BREACHES.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            park(DeadLetter.of("delivery", record.topic(), record.partition(), record.offset(), e,
                    record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), Instant.now()));
            return;
        }
        if (breach == null || breach.state() != Breach.State.FIRING) {
            return;
        }
        for (SlackSettings.Webhook webhook : runtime.config().slack().webhooks()) {
            String channel = "slack:" + webhook.name();
            if (!running.get() || log.delivered(Notification.key(breach.id(), breach.state().name(), channel))) {
                continue;
            }
            deliver(breach, webhook, channel, record);
        }
    }

    private void deliver(Breach breach, SlackSettings.Webhook webhook, String channel, ConsumerRecord<String, byte[]> origin) {
        String message = SlackMessage.of(breach, runtime.config().http().publicUrl());
        Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
        long backoff = 1000;
        while (running.get()) {
            pace(webhook.name());
            DeliveryOutcome outcome = slack.send(webhook, message);
            if (outcome.accepted()) {
                log.record(new Notification(breach.id(), breach.state().name(), channel, outcome.status(), Instant.now()));
                LOG.info("breach {} delivered to {}", breach.id(), channel);
                return;
            }
            if (outcome.permanent() || Instant.now().isAfter(giveUp)) {
                LOG.warn("breach {} not deliverable to {}: {}", breach.id(), channel, outcome.detail());
                park(DeadLetter.of("delivery:" + channel, origin.topic(), origin.partition(), origin.offset(),
                        new IllegalStateException(outcome.detail()), origin.key() == null ? null
                                : origin.key().getBytes(StandardCharsets.UTF_8), origin.value(), Instant.now()));
                return;
            }
            long wait = outcome.retryAfter() >= 0 ? Math.max(outcome.retryAfter() * 1000, backoff) : backoff;
            wait += ThreadLocalRandom.current().nextLong(wait / 4 + 1);
            LOG.info("breach {} to {}: {}, retrying in {} ms", breach.id(), channel, outcome.detail(), wait);
            sleep(wait);
            backoff = Math.min(backoff * 2, 60_000);
        }
    }

    private void pace(String webhook) {
        long last = lastSendByWebhook.getOrDefault(webhook, 0L);
        long wait = last + PACE.toMillis() - System.currentTimeMillis();
        if (wait > 0) {
            sleep(wait);
        }
        lastSendByWebhook.put(webhook, System.currentTimeMillis());
    }

    private void park(DeadLetter letter) {
        deadLetters.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), letter.topic() + "-" + letter.partition()
                + "@" + letter.offset(), letter));
        deadLetters.flush();
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(15_000);
        deadLetters.close();
        log.close();
    }
}
