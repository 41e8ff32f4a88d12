package chokepoint.alerts.delivery;

import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.config.DeliverySettings;
import chokepoint.records.Breach;
import chokepoint.records.DeliveryAttempt;
import chokepoint.records.Notification;
import chokepoint.records.OutboundMessage;
import chokepoint.records.Subscription;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one decided message, the last stage of Alertmanager's pipeline: checks the notification log first (a message
 * read again after a crash is not sent again), sends it with retries (Resilience4j: timeouts and 5xx with exponential
 * backoff and jitter until {@code give-up-after}, 429 waits at least its Retry-After, a Retry-After past the give-up
 * time parks the message at once), writes the log only after the receiver accepted, records every attempt in the
 * history, parks what cannot be delivered in the dead letters, and marks a channel that answered for good (410, 3xx,
 * 4xx) failing through the subscription change path, in the background. No thread waits: retries and Slack's pace are
 * scheduled, and one attempt holds a sending thread at most {@code delivery.timeout}.
 */
final class MessageSender {

    /** How a message ended: sent, parked or no longer wanted ({@code DONE}), or stopped before that ({@code STOPPED}). */
    enum Finish { DONE, STOPPED }

    /** One message on its way; {@link #stop()} ends its retries (the receiver's partition is leaving this instance). */
    record Sending(CompletableFuture<Finish> done, AtomicBoolean stopped) {
        void stop() {
            stopped.set(true);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MessageSender.class);
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 60_000;
    /** How long a subscription's receiver that answered for good is not asked again while its channel is marked failing. */
    private static final Duration GONE_UNTIL_MARKED = Duration.ofMinutes(10);

    private final DeliverySettings settings;
    private final Map<Subscription.ChannelType, ChannelSender> senders;
    private final Recipients recipients;
    private final SubscriptionBook subscriptions;
    private final NotificationLog log;
    private final DeliveryRecords records;
    private final Clock clock;
    private final DeliveryService.AfterAccepted afterAccepted;
    private final ExecutorService sending;
    private final ScheduledExecutorService scheduler;
    private final SlackPace pace;
    /** Recipients whose receiver answered for good, and since when (see {@link #goneBefore}). */
    private final Map<String, Long> gone = new ConcurrentHashMap<>();

    MessageSender(DeliverySettings settings, Map<Subscription.ChannelType, ChannelSender> senders, Recipients recipients,
                  SubscriptionBook subscriptions, NotificationLog log, DeliveryRecords records, Clock clock,
                  DeliveryService.AfterAccepted afterAccepted, ExecutorService sending, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.senders = Map.copyOf(senders);
        this.recipients = recipients;
        this.subscriptions = subscriptions;
        this.log = log;
        this.records = records;
        this.clock = clock;
        this.afterAccepted = afterAccepted;
        this.sending = sending;
        this.scheduler = scheduler;
        this.pace = new SlackPace(settings.slackPace());
    }

    SlackPace pace() {
        return pace;
    }

    /** Starts sending {@code message} (of outbox key {@code receiver}, in {@code partition}); completes when it is over. */
    Sending start(OutboundMessage message, String receiver, int partition) {
        AtomicBoolean stopped = new AtomicBoolean();
        CompletableFuture<Finish> done;
        try {
            done = begin(message, receiver, partition, stopped);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        return new Sending(done, stopped);
    }

    private CompletableFuture<Finish> begin(OutboundMessage message, String receiver, int partition, AtomicBoolean stopped) {
        Recipient recipient;
        try {
            recipient = recipients.open(message);
        } catch (RuntimeException e) {
            Recipient unknown = new Recipient(message.recipient(), message.subscription(), message.channelId(), message.type(), null, null);
            records.attempt(unknown, message.breaches(), 1, DeliveryAttempt.Outcome.PARKED, 0, e.getMessage());
            records.park(unknown, message.breaches(), e.getMessage());
            return CompletableFuture.completedFuture(Finish.DONE);
        }
        if (!Recipients.stillWanted(message, message.subscription() == null ? java.util.Optional.empty()
                : subscriptions.get(message.subscription()))) {
            LOG.info("message to {} dropped: the subscription or channel is gone, paused or failing", recipient.key());
            return CompletableFuture.completedFuture(Finish.DONE);
        }
        List<Breach> breaches = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        for (int i = 0; i < message.breaches().size(); i++) {
            Breach breach = message.breaches().get(i);
            if (!log.delivered(Notification.key(breach.id(), message.phase(i), recipient.key()))) {
                breaches.add(breach);
                phases.add(message.phase(i));
            }
        }
        if (breaches.isEmpty()) {
            return CompletableFuture.completedFuture(Finish.DONE);  // sent before a crash or a hand-over: the log says so
        }
        if (goneBefore(recipient, breaches)) {
            return CompletableFuture.completedFuture(Finish.DONE);
        }
        ChannelSender sender = senders.get(recipient.type());
        if (sender == null) {
            String why = recipient.type() + " delivery is not configured";
            records.attempt(recipient, breaches, 1, DeliveryAttempt.Outcome.PARKED, 0, why);
            records.park(recipient, breaches, why);
            return CompletableFuture.completedFuture(Finish.DONE);
        }
        Instant started = clock.instant();
        Instant giveUp = started.plus(settings.giveUpAfter());
        AtomicInteger attempts = new AtomicInteger();
        Retry retry = Retry.of("delivery", RetryConfig.<DeliveryOutcome>custom()
                .maxAttempts(Integer.MAX_VALUE)
                .retryOnResult(outcome -> retryable(outcome, giveUp))
                .retryOnException(e -> false)
                .intervalBiFunction((Integer attempt, Either<Throwable, DeliveryOutcome> result) ->
                        nextTry(recipient, breaches, attempt, result.get(), giveUp))
                .build());
        return retry.executeCompletionStage(scheduler, () -> attempt(recipient, breaches, sender, receiver, partition, stopped, attempts))
                .toCompletableFuture()
                .thenApplyAsync(outcome -> finish(recipient, breaches, phases, outcome, attempts.get(), started, giveUp), sending);
    }

    /** One request, on a sending thread, after Slack's pace where it applies; none once stopped. */
    private CompletableFuture<DeliveryOutcome> attempt(Recipient recipient, List<Breach> breaches, ChannelSender sender,
                                                       String receiver, int partition, AtomicBoolean stopped, AtomicInteger attempts) {
        boolean slack = recipient.type() == Subscription.ChannelType.SLACK;
        long wait = slack ? pace.waitMillis(receiver, partition) : 0;
        java.util.concurrent.Executor executor = wait > 0 ? CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS, sending) : sending;
        return CompletableFuture.supplyAsync(() -> {
            if (stopped.get()) {
                return DeliveryOutcome.stopped();
            }
            attempts.incrementAndGet();
            try {
                return sender.send(recipient, breaches);
            } catch (RuntimeException e) {
                return DeliveryOutcome.noAnswer(e.getClass().getSimpleName());
            } finally {
                if (slack) {
                    pace.answered(receiver);
                }
            }
        }, executor);
    }

    private boolean retryable(DeliveryOutcome outcome, Instant giveUp) {
        long remaining = Duration.between(clock.instant(), giveUp).toMillis();
        return !outcome.accepted() && !outcome.permanent() && !outcome.isStopped() && remaining > 0 && !waitTooLong(outcome, giveUp);
    }

    private boolean waitTooLong(DeliveryOutcome outcome, Instant giveUp) {
        return outcome.retryAfter() >= 0 && outcome.retryAfter() * 1000 > Duration.between(clock.instant(), giveUp).toMillis();
    }

    /**
     * The wait before the next try: exponential from half a second, doubling to a minute, with jitter; at least
     * Retry-After when the receiver said; never past the give-up time (the last try comes at it, then the message is
     * parked). Noted in the history as a RETRYING attempt.
     */
    private long nextTry(Recipient recipient, List<Breach> breaches, int attempt, DeliveryOutcome outcome, Instant giveUp) {
        long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt - 1, 20));
        long wait = outcome.retryAfter() >= 0 ? Math.max(outcome.retryAfter() * 1000, backoff)
                : backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        wait = Math.max(0, Math.min(wait, Duration.between(clock.instant(), giveUp).toMillis()));
        records.attempt(recipient, breaches, attempt, DeliveryAttempt.Outcome.RETRYING, outcome.status(),
                outcome.detail() + ", next try in " + wait + " ms");
        LOG.info("delivery to {}: {}, retrying in {} ms", recipient.key(), outcome.detail(), wait);
        return wait;
    }

    private Finish finish(Recipient recipient, List<Breach> breaches, List<String> phases, DeliveryOutcome outcome, int attempts,
                          Instant started, Instant giveUp) {
        if (outcome.isStopped()) {
            return Finish.STOPPED;
        }
        if (outcome.accepted()) {
            afterAccepted.run(recipient, breaches);
            List<Notification> told = new ArrayList<>();
            for (int i = 0; i < breaches.size(); i++) {
                Breach breach = breaches.get(i);
                // The indicators it held, so that the next message can say what is new since this one.
                told.add(new Notification(breach.id(), phases.get(i), recipient.key(), outcome.status(), clock.instant(),
                        breach.count(), breach.indicators().stream().map(Breach.IndicatorRef::id).toList()));
            }
            log.record(told);
            records.attempt(recipient, breaches, attempts, DeliveryAttempt.Outcome.ACCEPTED, outcome.status(), outcome.detail());
            recordLatency(recipient, started);
            LOG.info("{} breach(es) delivered to {}", breaches.size(), recipient.key());
            return Finish.DONE;
        }
        String why = outcome.permanent() ? outcome.detail()
                : waitTooLong(outcome, giveUp) ? outcome.detail() + ", asked to wait " + outcome.retryAfter() + " s, past the give-up time"
                : outcome.detail() + ", still failing after " + settings.giveUpAfter();
        records.attempt(recipient, breaches, attempts, DeliveryAttempt.Outcome.PARKED, outcome.status(), why);
        LOG.warn("{} breach(es) not deliverable to {}: {}", breaches.size(), recipient.key(), why);
        records.park(recipient, breaches, why);
        if (outcome.permanent()) {
            gone.put(recipient.key(), System.currentTimeMillis());
            markFailing(recipient, why);
        }
        return Finish.DONE;
    }

    /**
     * A receiver that answered for good (410, a redirect, 4xx) is not asked again. The operator's channels of the
     * configuration have no subscription to mark: each later message is parked without a request, until a restart
     * with the configuration fixed. A subscription's channel is marked failing (in the background); until the mark is
     * read back, its messages are dropped here (afterwards they are, as the channel is no longer active).
     */
    private boolean goneBefore(Recipient recipient, List<Breach> breaches) {
        Long since = gone.get(recipient.key());
        if (since == null) {
            return false;
        }
        if (recipient.operator()) {
            String why = "answered for good before (see the history): not asked again until Chokepoint restarts with the channel fixed";
            records.attempt(recipient, breaches, 0, DeliveryAttempt.Outcome.PARKED, 0, why);
            records.park(recipient, breaches, why);
            return true;
        }
        if (System.currentTimeMillis() - since > GONE_UNTIL_MARKED.toMillis()) {
            gone.remove(recipient.key(), since);
            return false;
        }
        LOG.info("message to {} dropped: its receiver answered for good and the channel is being marked failing", recipient.key());
        return true;
    }

    private void markFailing(Recipient recipient, String why) {
        if (recipient.operator() || subscriptions == null) {
            return;
        }
        subscriptions.updateInBackground(recipient.subscription(), "delivery", subscription -> {
            if (subscription.channels().stream().noneMatch(c -> c.id().equals(recipient.channelId()))) {
                return subscription;
            }
            Instant now = clock.instant();
            List<Subscription.Channel> channels = subscription.channels().stream()
                    .map(c -> c.id().equals(recipient.channelId()) ? c.withStatus(Subscription.ChannelStatus.FAILING, why, now) : c)
                    .toList();
            return subscription.withChannels(channels, now);
        });
    }

    /**
     * From the start of a delivery to the receiver's acceptance, retries, Retry-After and pacing included. (It once
     * measured from the indicators' publication at their source, which for a backlog or a replay is days.)
     */
    private void recordLatency(Recipient recipient, Instant started) {
        Timer.builder("chokepoint.delivery.latency")
                .description("start of a delivery to acceptance by the receiver, retries and pacing included")
                .tag("channel", recipient.type().name().toLowerCase()).publishPercentiles(0.5, 0.99)
                .register(Metrics.globalRegistry)
                .record(Duration.between(started, clock.instant()).abs());
    }
}
