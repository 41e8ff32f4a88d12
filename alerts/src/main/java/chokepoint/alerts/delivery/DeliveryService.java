package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import chokepoint.config.ChokepointConfig;
import chokepoint.records.Breach;
import chokepoint.records.Subscription;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Delivery as one unit: the notification log, the senders, the {@link Dispatcher}, the worker for breaches as they
 * fire, the sender of the Slack outbox partitions this instance owns, and the worker for digests. The alerts service runs one; failure tests run several side by side.
 */
public final class DeliveryService implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeliveryService.class);

    private final NotificationLog log;
    private final HttpPoster poster;
    private final Dispatcher dispatcher;
    private final DeliveryWorker immediate;
    private final DigestWorker digests;
    private final SlackOutboxSender slack;
    private final Recipients recipients;

    /** Delivery with dynamic group membership (several in one process, as failure tests run them). */
    public DeliveryService(KafkaClients clients, ChokepointConfig config, SubscriptionBook subscriptions, SecretBox box,
                           SubscriptionLinks links, Clock clock, Dispatcher.AfterAccepted afterAccepted) {
        this(clients, config, null, subscriptions, box, links, clock, afterAccepted);
    }

    /** @param instanceId the instance's static membership ({@link chokepoint.run.InstanceId}), or null for dynamic */
    public DeliveryService(KafkaClients clients, ChokepointConfig config, String instanceId, SubscriptionBook subscriptions,
                           SecretBox box, SubscriptionLinks links, Clock clock, Dispatcher.AfterAccepted afterAccepted) {
        String prefix = config.kafka().applicationPrefix();
        log = new NotificationLog(clients, config.dataDir().resolve("streams"), prefix, instanceId);
        poster = new HttpPoster(config.delivery());
        for (chokepoint.config.SlackSettings.Webhook hook : config.slack().webhooks()) {
            String refusal = poster.refusal(hook.url());
            if (refusal != null) {
                // Checked again at every delivery; said here so the operator learns it at start, not at the first breach.
                LOG.error("Slack webhook {}: {}; its messages will be parked", hook.name(), refusal);
            }
        }
        Map<Subscription.ChannelType, ChannelSender> senders = new EnumMap<>(Subscription.ChannelType.class);
        // Each message says what is new since the last one its recipient was given (the notification log's latest).
        PreviouslyTold told = log::latest;
        senders.put(Subscription.ChannelType.SLACK, new SlackSender(poster, config.http().publicUrl(), told));
        senders.put(Subscription.ChannelType.WEBHOOK, new WebhookSender(poster, clock, config.http().publicUrl(), told));
        if (config.email().enabled()) {
            senders.put(Subscription.ChannelType.EMAIL, new EmailSender(config.email().smtp(), config.http().publicUrl(),
                    (recipient, address) -> links.unsubscribe(recipient.key(), address), told));
        }
        dispatcher = new Dispatcher(clients, config.delivery(), senders, log, subscriptions, clock, afterAccepted);
        subscriptions.awaitLoaded(Duration.ofSeconds(60));
        recipients = new Recipients(config, subscriptions, box);
        immediate = new DeliveryWorker(clients, prefix + "-delivery", instanceId, config.delivery().groupWait(),
                config.delivery().giveUpAfter(), recipients, dispatcher, subscriptions, log, clock);
        slack = new SlackOutboxSender(clients, prefix + "-slack-outbox", instanceId, recipients, dispatcher, log,
                config.delivery().giveUpAfter(), clock);
        digests = new DigestWorker(clients, prefix + "-digests", instanceId, subscriptions, recipients, dispatcher, log, clock);
    }

    /** Why deliveries to {@code url} are refused, or null when they are not (see {@link HttpPoster#refusal}). */
    public String refusal(String url) {
        return poster.refusal(url);
    }

    /**
     * Sends a replay's breaches to one subscription's active channels, when its owner asks: one message per
     * channel, with the usual retries, logged and in the history under {@code replay:<id>:<recipient>}, so it never
     * mixes with the live notification log. Blocks until every channel accepted or gave up.
     *
     * @return the keys of the channels that accepted
     */
    public List<String> redeliver(String replayId, Subscription subscription, List<Breach> breaches) {
        List<String> accepted = new ArrayList<>();
        for (Subscription.Channel channel : subscription.channels()) {
            if (channel.status() != Subscription.ChannelStatus.ACTIVE) {
                continue;
            }
            Recipient live = recipients.recipient(subscription, channel);
            Recipient recipient = new Recipient("replay:" + replayId + ":" + live.key(), live.subscription(), live.channelId(),
                    live.type(), live.target(), live.secret());
            List<Breach> missing = breaches.stream().filter(b -> !dispatcher.delivered(b, recipient)).toList();
            if (missing.isEmpty() || dispatcher.deliver(recipient, missing, () -> true)) {
                accepted.add(recipient.key());
            }
        }
        return accepted;
    }

    /** The loop that delivers breaches as they fire, for health and for tests that break it. */
    public chokepoint.run.SupervisedLoop deliveryLoop() {
        return immediate.loop();
    }

    /** Stops as a killed process would: see {@link DeliveryWorker#halt()}. */
    public void halt() {
        immediate.halt();
    }

    @Override
    public void close() {
        immediate.close();
        slack.close();
        digests.close();
        dispatcher.close();
        poster.close();
        log.close();
    }
}
