package chokepoint.alerts.delivery;

import chokepoint.alerts.AlertsRuntime;
import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import chokepoint.config.ChokepointConfig;
import chokepoint.records.Subscription;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * Starts delivery inside the alerts service: breaches as they fire ({@link DeliveryWorker}) and digests
 * ({@link DigestWorker}), to the operator's channels and to every subscription, through one {@link Dispatcher}.
 */
@Context
public class BreachDeliverer {

    private final NotificationLog log;
    private final HttpPoster poster;
    private final Dispatcher dispatcher;
    private final DeliveryWorker immediate;
    private final DigestWorker digests;

    public BreachDeliverer(AlertsRuntime runtime, SubscriptionBook subscriptions, SecretBox box, SubscriptionLinks links) {
        ChokepointConfig config = runtime.config();
        Clock clock = Clock.systemUTC();
        String prefix = config.kafka().applicationPrefix();
        log = new NotificationLog(runtime.bootstrapServers());
        poster = new HttpPoster(config.delivery().timeout());
        Map<Subscription.ChannelType, ChannelSender> senders = new EnumMap<>(Subscription.ChannelType.class);
        senders.put(Subscription.ChannelType.SLACK, new SlackSender(poster, config.http().publicUrl()));
        senders.put(Subscription.ChannelType.WEBHOOK, new WebhookSender(poster, clock));
        if (config.email().enabled()) {
            senders.put(Subscription.ChannelType.EMAIL, new EmailSender(config.email().smtp(), config.http().publicUrl(),
                    (recipient, address) -> links.unsubscribe(recipient.key(), address)));
        }
        dispatcher = new Dispatcher(runtime.bootstrapServers(), config.delivery(), senders, log, subscriptions, clock, (r, b) -> {
        });
        subscriptions.awaitLoaded(java.time.Duration.ofSeconds(60));
        Recipients recipients = new Recipients(config, subscriptions, box);
        immediate = new DeliveryWorker(runtime.bootstrapServers(), prefix + "-delivery", config.delivery().groupWait(),
                recipients, dispatcher, subscriptions, log, clock);
        digests = new DigestWorker(runtime.bootstrapServers(), prefix + "-digests", subscriptions, recipients, dispatcher, log, clock);
    }

    @PreDestroy
    void close() {
        immediate.close();
        digests.close();
        dispatcher.close();
        poster.close();
        log.close();
    }
}
