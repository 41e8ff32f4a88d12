package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.config.DeliverySettings;
import chokepoint.records.Breach;
import chokepoint.records.DeadLetter;
import chokepoint.records.DeliveryAttempt;
import chokepoint.records.Json;
import chokepoint.records.Notification;
import chokepoint.records.Subscription;
import chokepoint.topics.Topics;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Hands one message to one recipient until it is accepted or cannot be: retries timeouts and 5xx with
 * exponential backoff and jitter, waits at least Retry-After on 429, paces each Slack webhook, records every
 * attempt in the history, writes the notification log only after the receiver accepted, and parks permanent
 * failures in the dead-letter topic and marks the subscription's channel as failing.
 */
public final class Dispatcher implements AutoCloseable {

    /** A test's way to stop the process at the worst moment: after the receiver accepted, before the log. */
    public interface AfterAccepted {
        void run(Recipient recipient, List<Breach> breaches);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 60_000;

    private final DeliverySettings settings;
    private final Map<Subscription.ChannelType, ChannelSender> senders;
    private final NotificationLog log;
    private final SubscriptionBook subscriptions;
    private final KafkaProducer<String, String> records;
    private final Map<String, Long> lastSlackSend = new ConcurrentHashMap<>();
    private final Map<String, Object> paceLocks = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AfterAccepted afterAccepted;

    public Dispatcher(KafkaClients clients, DeliverySettings settings, Map<Subscription.ChannelType, ChannelSender> senders,
                      NotificationLog log, SubscriptionBook subscriptions, Clock clock, AfterAccepted afterAccepted) {
        this.settings = settings;
        this.senders = Map.copyOf(senders);
        this.log = log;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.afterAccepted = afterAccepted;
        Properties props = clients.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        records = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Whether the recipient has already been given this breach (by any instance, before any crash). */
    public boolean delivered(Breach breach, Recipient recipient) {
        return log.delivered(Notification.key(breach.id(), breach.state().name(), recipient.key()));
    }

    /** What a message about this breach would tell this recipient now, whether or not it is due. */
    public enum Due { NOTHING, NOW, AFTER_INTERVAL }

    /**
     * Whether this version of a breach is news to the recipient, as Alertmanager's users expect: its firing, then an
     * update when it has gathered more indicators (at most once per {@code group-interval}), then its resolution
     * (when {@code send-resolved}, and only to those who were told it fired).
     */
    public Due due(Breach breach, Recipient recipient, Instant now) {
        String firing = Notification.key(breach.id(), Breach.State.FIRING.name(), recipient.key());
        if (breach.state() == Breach.State.RESOLVED) {
            return settings.sendResolved() && log.delivered(firing) && !log.delivered(phaseKey(breach, recipient))
                    ? Due.NOW : Due.NOTHING;
        }
        if (!log.delivered(firing)) {
            return Due.NOW;
        }
        Notification last = log.latest(breach.id(), recipient.key()).orElse(null);
        if (last == null || last.count() == null || breach.count() <= last.count() || log.delivered(phaseKey(breach, recipient))) {
            return Due.NOTHING;
        }
        return last.deliveredAt() == null || !now.isBefore(last.deliveredAt().plus(settings.groupInterval()))
                ? Due.NOW : Due.AFTER_INTERVAL;
    }

    /** The notification log's key of what this message tells: FIRING, UPDATE-<count> or RESOLVED. */
    private String phaseKey(Breach breach, Recipient recipient) {
        return Notification.key(breach.id(), phase(breach, recipient), recipient.key());
    }

    private String phase(Breach breach, Recipient recipient) {
        if (breach.state() == Breach.State.RESOLVED) {
            return Breach.State.RESOLVED.name();
        }
        return log.delivered(Notification.key(breach.id(), Breach.State.FIRING.name(), recipient.key()))
                ? "UPDATE-" + breach.count() : Breach.State.FIRING.name();
    }

    /**
     * Delivers {@code breaches} as one message to {@code recipient}.
     *
     * @param running false stops retrying (shutting down): the breaches stay undelivered and are read again
     * @return true when the receiver accepted, false when the message was parked or delivery stopped
     */
    public boolean deliver(Recipient recipient, List<Breach> breaches, BooleanSupplier running) {
        return deliver(recipient, breaches, clock.instant().plus(settings.giveUpAfter()), running);
    }

    /**
     * The same, giving up at {@code giveUp}: the messages of one batch share one deadline, so that a batch never
     * keeps its worker from Kafka longer than the give-up time.
     */
    public boolean deliver(Recipient recipient, List<Breach> breaches, Instant giveUp, BooleanSupplier running) {
        ChannelSender sender = senders.get(recipient.type());
        List<String> ids = breaches.stream().map(Breach::id).toList();
        if (sender == null) {
            attempt(recipient, ids, 1, DeliveryAttempt.Outcome.PARKED, 0, recipient.type() + " delivery is not configured");
            park(recipient, breaches, recipient.type() + " delivery is not configured");
            return false;
        }
        long backoff = FIRST_BACKOFF_MS;
        Instant started = clock.instant();
        for (int attempt = 1; running.getAsBoolean(); attempt++) {
            DeliveryOutcome outcome = recipient.type() == Subscription.ChannelType.SLACK
                    ? paced(recipient, breaches, sender, running) : sender.send(recipient, breaches);
            if (outcome.accepted()) {
                afterAccepted.run(recipient, breaches);
                for (Breach breach : breaches) {
                    log.record(new Notification(breach.id(), phase(breach, recipient), recipient.key(), outcome.status(),
                            clock.instant(), breach.count(), breach.indicators().stream().map(Breach.IndicatorRef::id).toList()));
                }
                attempt(recipient, ids, attempt, DeliveryAttempt.Outcome.ACCEPTED, outcome.status(), outcome.detail());
                recordLatency(recipient, started);
                LOG.info("{} breach(es) delivered to {}", breaches.size(), recipient.key());
                return true;
            }
            long remaining = Duration.between(clock.instant(), giveUp).toMillis();
            boolean waitTooLong = outcome.retryAfter() >= 0 && outcome.retryAfter() * 1000 > remaining;
            if (outcome.permanent() || remaining <= 0 || waitTooLong) {
                String why = outcome.permanent() ? outcome.detail()
                        : waitTooLong ? outcome.detail() + ", asked to wait " + outcome.retryAfter() + " s, past the give-up time"
                        : outcome.detail() + ", still failing after " + settings.giveUpAfter();
                attempt(recipient, ids, attempt, DeliveryAttempt.Outcome.PARKED, outcome.status(), why);
                LOG.warn("{} breach(es) not deliverable to {}: {}", breaches.size(), recipient.key(), why);
                park(recipient, breaches, why);
                if (outcome.permanent()) {
                    markFailing(recipient, why);
                }
                return false;
            }
            long wait = outcome.retryAfter() >= 0 ? Math.max(outcome.retryAfter() * 1000, backoff) : backoff;
            if (outcome.retryAfter() < 0) {
                wait += ThreadLocalRandom.current().nextLong(wait / 2 + 1);
            }
            // Never past the deadline: the last try comes at it, and then the message is parked. (A Retry-After
            // beyond it parked the message above: a receiver is never asked again sooner than it said.)
            wait = Math.max(0, Math.min(wait, Duration.between(clock.instant(), giveUp).toMillis()));
            attempt(recipient, ids, attempt, DeliveryAttempt.Outcome.RETRYING, outcome.status(),
                    outcome.detail() + ", next try in " + wait + " ms");
            LOG.info("delivery to {}: {}, retrying in {} ms", recipient.key(), outcome.detail(), wait);
            sleep(wait, running);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
        return false;
    }

    /**
     * Sends to a Slack webhook at least {@code slack-pace} after the previous message to it was answered: counted from
     * the answer, not the request, so that a slow first exchange (a new connection) cannot bring the next message's
     * arrival closer than the pace. One message at a time per webhook in this process; the outbox sends all of a
     * webhook's messages from one process.
     */
    private DeliveryOutcome paced(Recipient recipient, List<Breach> breaches, ChannelSender sender, BooleanSupplier running) {
        String webhook = recipient.target();
        synchronized (paceLocks.computeIfAbsent(webhook, w -> new Object())) {
            long wait = lastSlackSend.getOrDefault(webhook, 0L) + settings.slackPace().toMillis() - System.currentTimeMillis();
            if (wait > 0) {
                sleep(wait, running);
            }
            try {
                return sender.send(recipient, breaches);
            } finally {
                lastSlackSend.put(webhook, System.currentTimeMillis());
            }
        }
    }

    /** From the newest indicator's publication at its source to the receiver's acceptance. */
    /**
     * From the start of a delivery to the receiver's acceptance, retries, Retry-After and pacing included. (It once
     * measured from the indicators' publication at their source, which for a backlog or a replay is days: the sum
     * ran to 8.4e7 s and said nothing about delivery.)
     */
    private void recordLatency(Recipient recipient, Instant started) {
        Timer.builder("chokepoint.delivery.latency")
                .description("start of a delivery to acceptance by the receiver, retries and pacing included")
                .tag("channel", recipient.type().name().toLowerCase()).publishPercentiles(0.5, 0.99)
                .register(Metrics.globalRegistry)
                .record(Duration.between(started, clock.instant()).abs());
    }

    private void attempt(Recipient recipient, List<String> ids, int attempt, DeliveryAttempt.Outcome outcome, int status, String detail) {
        Metrics.counter("chokepoint.deliveries", "outcome", outcome.name().toLowerCase(),
                "channel", recipient.type().name().toLowerCase()).increment();
        DeliveryAttempt record = new DeliveryAttempt(recipient.key(), recipient.subscription(),
                recipient.type().name().toLowerCase(), ids, attempt, outcome, status, detail, clock.instant());
        send(Topics.DELIVERY_ATTEMPTS.name(), recipient.key(), json(record));
    }

    private void park(Recipient recipient, List<Breach> breaches, String why) {
        for (Breach breach : breaches) {
            DeadLetter letter = DeadLetter.of("delivery:" + recipient.key(), Topics.BREACHES.name(), -1, -1,
                    new IllegalStateException(why), breach.id().getBytes(StandardCharsets.UTF_8),
                    json(breach).getBytes(StandardCharsets.UTF_8), clock.instant());
            send(Topics.DEAD_LETTERS.name(), "delivery:" + recipient.key() + ":" + breach.id(), json(letter));
        }
        records.flush();
    }

    /** A record delivery cannot even read: kept whole in the dead-letter topic with where it came from. */
    public void parkUnreadable(ConsumerRecord<String, byte[]> record, Exception error) {
        DeadLetter letter = DeadLetter.of("delivery", record.topic(), record.partition(), record.offset(), error,
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), clock.instant());
        send(Topics.DEAD_LETTERS.name(), record.topic() + "-" + record.partition() + "@" + record.offset(), json(letter));
        records.flush();
    }

    private void markFailing(Recipient recipient, String why) {
        if (recipient.operator() || subscriptions == null) {
            return;
        }
        // Waited for (a permanent refusal is rare): the next breach read for this channel must find it failing, not
        // be sent to a receiver that said it is gone.
        try {
            subscriptions.update(recipient.subscription(), "delivery", subscription -> {
                if (subscription.channels().stream().noneMatch(c -> c.id().equals(recipient.channelId()))) {
                    return subscription;
                }
                Instant now = clock.instant();
                List<Subscription.Channel> channels = subscription.channels().stream()
                        .map(c -> c.id().equals(recipient.channelId()) ? c.withStatus(Subscription.ChannelStatus.FAILING, why, now) : c)
                        .toList();
                return subscription.withChannels(channels, now);
            });
        } catch (RuntimeException e) {
            LOG.warn("could not mark channel {} failing: {}", recipient.key(), e.getMessage());
        }
    }

    private void send(String topic, String key, String value) {
        records.send(new ProducerRecord<>(topic, key, value));
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("records always serialise", e);
        }
    }

    private static void sleep(long millis, BooleanSupplier running) {
        long until = System.currentTimeMillis() + millis;
        try {
            while (running.getAsBoolean() && System.currentTimeMillis() < until) {
                Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        records.close();
    }
}
