package chokepoint.alerts.subscriptions;

import chokepoint.records.Subscription;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A subscription as the API shows it: channels by type, status and host, never with their URL or secret.
 *
 * @param version          send it back with a change ({@code PUT}) to have the change refused (409) if another came first
 * @param generatedSecrets webhook secrets made for this request, shown once (absent otherwise)
 */
public record SubscriptionView(String id, String owner, String name, Subscription.Filter filter, List<ChannelView> channels,
                               Subscription.Mode mode, Subscription.QuietHours quietHours, List<Subscription.Silence> silences,
                               boolean paused, Instant createdAt, Instant updatedAt, long version,
                               Map<String, String> generatedSecrets) {

    public record ChannelView(String id, String type, String address, String status, String detail, Instant statusAt) {
    }

    public static SubscriptionView of(Subscription subscription, Map<String, String> generatedSecrets) {
        List<ChannelView> channels = subscription.channels().stream().map(c -> new ChannelView(c.id(),
                c.type().name().toLowerCase(), c.address(), c.status().name().toLowerCase(), c.detail(), c.statusAt())).toList();
        return new SubscriptionView(subscription.id(), subscription.owner(), subscription.name(), subscription.filter(),
                channels, subscription.mode(), subscription.quietHours(), subscription.silences(), subscription.paused(),
                subscription.createdAt(), subscription.updatedAt(), subscription.version(), generatedSecrets == null || generatedSecrets.isEmpty() ? null : generatedSecrets);
    }
}
