package chokepoint.alerts.delivery;

import chokepoint.records.Subscription;

/**
 * Where one message goes: a subscription's channel, or a channel the operator configured for every breach.
 *
 * @param key          {@code subscriptionId/channelId}, or {@code config/slack:name} and {@code config/email:address}:
 *                     the notification log and the history use it
 * @param subscription the subscription id, or null for the operator's channels
 * @param channelId    the channel within the subscription, or null
 * @param type         slack, email or webhook
 * @param target       the URL or address; a secret for URLs, so {@link #toString()} leaves it out
 * @param secret       the webhook's signing secret, or null
 */
public record Recipient(String key, String subscription, String channelId, Subscription.ChannelType type,
                        String target, String secret) {

    public boolean operator() {
        return subscription == null;
    }

    @Override
    public String toString() {
        return "Recipient[" + key + ", " + type + "]";
    }
}
