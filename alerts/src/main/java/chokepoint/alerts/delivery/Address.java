package chokepoint.alerts.delivery;

import chokepoint.records.Subscription;

/**
 * Where a message goes, as the delivery topology knows it: the recipient's key, its channel, the channel's URL or
 * address sealed (as the subscription keeps it) and the receiver it reaches. The URL is never in clear here: this
 * travels through Kafka (the repartition topic, the outbox).
 *
 * @param key          {@code subscriptionId/channelId}, {@code config/slack:name} or {@code config/email:address}
 * @param subscription the subscription, or null for the operator's channels
 * @param channelId    the subscription's channel, or null
 * @param type         slack, email or webhook
 * @param sealed       {@code {"url"|"address", "secret"}} sealed by the {@link chokepoint.alerts.security.SecretBox}
 * @param receiver     a digest of the URL or address ({@link Recipients#receiver}): the outbox key, so that every
 *                     message to one webhook is sent by one sender, in order and at its pace
 */
public record Address(String key, String subscription, String channelId, Subscription.ChannelType type, String sealed,
                      String receiver) {

    public boolean operator() {
        return subscription == null;
    }
}
