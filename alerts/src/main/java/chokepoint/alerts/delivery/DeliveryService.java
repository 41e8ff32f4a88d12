package chokepoint.alerts.delivery;

import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import chokepoint.config.ChokepointConfig;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.Breach;
import chokepoint.records.Notification;
import chokepoint.records.Subscription;
import chokepoint.run.RunningLoops;
import chokepoint.streams.store.ReadProgress;
import chokepoint.streams.topology.StreamsApp;
import chokepoint.streams.topology.RunningApps;
import chokepoint.streams.topology.StreamsAppConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivery as one unit, in two stages: the delivery topology ({@link DeliveryTopology}, a Kafka Streams application:
 * recipients, dedup, group wait, group interval, send-resolved, digests and quiet hours deferred) decides each message
 * once and writes it to the outbox; the {@link OutboxSender} sends it (log check, retries, Slack's pace, the notification
 * log after the receiver accepted). Beside them the {@link DigestWorker} releases digests when due. The alerts service
 * runs one; failure tests run several side by side.
 */
public final class DeliveryService implements AutoCloseable {

    /** A test's way to stop the process at the worst moment: after the receiver accepted, before the log. */
    @FunctionalInterface
    public interface AfterAccepted {
        void run(Recipient recipient, List<Breach> breaches);
    }

    /** Thrown from {@link AfterAccepted} after {@link #halt()} to abandon the delivery the way a killed process would. */
    public static final class Halted extends RuntimeException {
        public Halted() {
            super("halted", null, false, false);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);
    /** Requests on the wire at once, across receivers (one per receiver at a time). */
    private static final int MAX_SENDING = 64;

    private final HttpPoster poster;
    private final Recipients recipients;
    private final DeliveryRecords records;
    private final NotificationLog log;
    private final StreamsApp app;
    private final KafkaStreams streams;
    private final boolean throwawayState;
    private final ExecutorService sending;
    private final ScheduledExecutorService scheduler;
    private final OutboxSender sender;
    private final DigestWorker digests;
    private final Outbox outbox;
    private final RunningLoops loops;

    /**
     * Delivery with dynamic group membership (several in one process, as failure tests run them), each with its own
     * {@link RunningApps} and {@link RunningLoops}: they stand for processes of their own.
     */
    public DeliveryService(KafkaClients clients, ChokepointConfig config, SubscriptionBook subscriptions, SecretBox box,
                           SubscriptionLinks links, Clock clock, AfterAccepted afterAccepted) {
        this(clients, config, null, subscriptions, box, links, clock, afterAccepted, new RunningApps(), new RunningLoops());
    }

    /**
     * @param instanceId the instance's static membership ({@link chokepoint.run.InstanceId}), or null for dynamic
     * @param process    the applications of this process, which the delivery application joins for health
     * @param loops      the loops of this process, which the sender's and the digests' loops join for health
     */
    public DeliveryService(KafkaClients clients, ChokepointConfig config, String instanceId, SubscriptionBook subscriptions,
                           SecretBox box, SubscriptionLinks links, Clock clock, AfterAccepted afterAccepted, RunningApps process,
                           RunningLoops loops) {
        this.loops = loops;
        String prefix = config.kafka().applicationPrefix();
        poster = new HttpPoster(config.delivery());
        for (chokepoint.config.SlackSettings.Webhook hook : config.slack().webhooks()) {
            String refusal = poster.refusal(hook.url());
            if (refusal != null) {
                // Checked again at every delivery; said here so the operator learns it at start, not at the first breach.
                LOG.error("Slack webhook {}: {}; its messages will be parked", hook.name(), refusal);
            }
        }
        subscriptions.awaitLoaded(Duration.ofSeconds(60));
        recipients = new Recipients(config, box);
        records = new DeliveryRecords(clients, clock);
        ReadProgress progress = new ReadProgress();
        log = new NotificationLog(clients, progress);
        Map<Subscription.ChannelType, ChannelSender> senders = new EnumMap<>(Subscription.ChannelType.class);
        // Each message says what is new since the last one its recipient was given (the notification log's latest).
        PreviouslyTold told = log::latest;
        senders.put(Subscription.ChannelType.SLACK, new SlackSender(poster, config.http().publicUrl(), told));
        senders.put(Subscription.ChannelType.WEBHOOK, new WebhookSender(poster, clock, config.http().publicUrl(), told));
        if (config.email().enabled()) {
            senders.put(Subscription.ChannelType.EMAIL, new EmailSender(config.email().smtp(), config.http().publicUrl(),
                    (recipient, address) -> links.unsubscribe(recipient.key(), address), told));
        }

        Properties props = DeliveryTopology.config(config, clients);
        throwawayState = instanceId == null;
        if (throwawayState) {
            // Several instances in one process (tests) must not share a state folder; each rebuilds from the changelogs.
            props.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("streams").resolve("delivery-"
                    + UUID.randomUUID().toString().substring(0, 8)).toString());
        } else {
            StreamsAppConfig.staticMembership(props, config, "delivery");
        }
        // Its state logged, a crashed thread replaced, one failing in a loop reported by readiness (StreamsApp).
        app = new StreamsApp("delivery", DeliveryTopology.build(config.delivery(), recipients, config.kafka().partitions(), progress,
                new SilencesEnd(subscriptions, clock), clock), props, process);
        streams = app.streams();
        app.start();
        awaitRunning(Duration.ofSeconds(120));
        log.open(streams);

        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_SENDING, MAX_SENDING, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> daemon(runnable, "chokepoint-delivery-send-" + threads.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        sending = pool;
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "chokepoint-delivery-retries"));
        MessageSender messages = new MessageSender(config.delivery(), senders, recipients, subscriptions, log, records, clock,
                afterAccepted, sending, scheduler);
        sender = new OutboxSender(clients, prefix + "-outbox", instanceId, messages, log, records, requestBound(config), loops);
        digests = new DigestWorker(clients, prefix + "-digests", instanceId, subscriptions, recipients, log, records, clock, loops);
        outbox = new Outbox(clients, clock);
    }

    /**
     * The longest one request may last: twice its timeout (connecting, then the exchange; an SMTP dialogue's steps
     * each have theirs) and two seconds for the log entry after the answer.
     */
    static Duration requestBound(ChokepointConfig config) {
        Duration timeout = config.delivery().timeout();
        if (config.email().enabled() && config.email().smtp().timeout().compareTo(timeout) > 0) {
            timeout = config.email().smtp().timeout();
        }
        return timeout.multipliedBy(2).plusSeconds(2);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR
                    || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the delivery application did not start: " + streams.state());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting delivery", e);
            }
        }
    }

    /** Why deliveries to {@code url} are refused, or null when they are not (see {@link HttpPoster#refusal}). */
    public String refusal(String url) {
        return poster.refusal(url);
    }

    /**
     * Re-delivers a replay's breaches to one subscription's active channels, when its owner asks: one message per
     * channel through the outbox, as any other (the same retries, pace and history), logged under
     * {@code replay:<id>:<recipient>} so that it never mixes with the live notification log.
     *
     * @return the keys of the channels a message was written for
     */
    public List<String> redeliver(String replayId, Subscription subscription, List<Breach> breaches) {
        List<String> written = new ArrayList<>();
        for (Subscription.Channel channel : subscription.channels()) {
            if (channel.status() != Subscription.ChannelStatus.ACTIVE) {
                continue;
            }
            Address to = Recipients.rekeyed(recipients.address(subscription, channel),
                    "replay:" + replayId + ":" + subscription.id() + "/" + channel.id());
            List<Breach> missing = breaches.stream()
                    .filter(b -> !log.delivered(Notification.key(b.id(), "FIRING", to.key()))).toList();
            if (!missing.isEmpty()) {
                outbox.putFirings(to, missing, to.type() == Subscription.ChannelType.WEBHOOK
                        ? DecideProcessor.PER_WEBHOOK_MESSAGE : DecideProcessor.PER_MESSAGE);
            }
            written.add(to.key());
        }
        outbox.confirm();
        return written;
    }

    /** The loop that sends what was decided, for health and for tests that break it. */
    public chokepoint.run.SupervisedLoop deliveryLoop() {
        return sender.loop();
    }

    /** The loops of this service's process (its own when made for a test), as health reads them. */
    public RunningLoops loops() {
        return loops;
    }

    /** How many times the sender had partitions taken from it while running (a rebalance), for tests. */
    public int senderRevocations() {
        return sender.revocations();
    }

    /** Stops sending as a killed process would: see {@link Halted}. */
    public void halt() {
        sender.halt();
    }

    @Override
    public void close() {
        sender.close();
        digests.close();
        app.close();
        if (throwawayState) {
            streams.cleanUp();
        }
        sending.shutdownNow();
        scheduler.shutdownNow();
        outbox.close();
        records.close();
        log.close();
        poster.close();
    }
}
