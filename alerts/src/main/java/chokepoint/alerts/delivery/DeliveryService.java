package chokepoint.alerts.delivery;

import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import chokepoint.config.ChokepointConfig;
import chokepoint.records.Subscription;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Delivery as one unit: the notification log, the senders, the {@link Dispatcher}, the worker for breaches as they
 * fire and the worker for digests. The alerts service runs one; failure tests run several side by side.
 */
public final class DeliveryService implements AutoCloseable {

    private final NotificationLog log;
    private final HttpPoster poster;
    private final Dispatcher dispatcher;
    private final DeliveryWorker immediate;
    private final DigestWorker digests;

    public DeliveryService(String bootstrapServers, ChokepointConfig config, SubscriptionBook subscriptions, SecretBox box,
                           SubscriptionLinks links, Clock clock, Dispatcher.AfterAccepted afterAccepted) {
        String prefix = config.kafka().applicationPrefix();
        log = new NotificationLog(bootstrapServers);
        poster = new HttpPoster(config.delivery().timeout());
        Map<Subscription.ChannelType, ChannelSender> senders = new EnumMap<>(Subscription.ChannelType.class);
        senders.put(Subscription.ChannelType.SLACK, new SlackSender(poster, config.http().publicUrl()));
        senders.put(Subscription.ChannelType.WEBHOOK, new WebhookSender(poster, clock));
        if (config.email().enabled()) {
            senders.put(Subscription.ChannelType.EMAIL, new EmailSender(config.email().smtp(), config.http().publicUrl(),
                    (recipient, address) -> links.unsubscribe(recipient.key(), address)));
        }
        dispatcher = new Dispatcher(bootstrapServers, config.delivery(), senders, log, subscriptions, clock, afterAccepted);
        subscriptions.awaitLoaded(Duration.ofSeconds(60));
        Recipients recipients = new Recipients(config, subscriptions, box);
        immediate = new DeliveryWorker(bootstrapServers, prefix + "-delivery", config.delivery().groupWait(),
                recipients, dispatcher, subscriptions, log, clock);
        digests = new DigestWorker(bootstrapServers, prefix + "-digests", subscriptions, recipients, dispatcher, log, clock);
    }

    /** Stops as a killed process would: see {@link DeliveryWorker#halt()}. */
    public void halt() {
        immediate.halt();
    }

    @Override
    public void close() {
        immediate.close();
        digests.close();
        dispatcher.close();
        poster.close();
        log.close();
    }
}
