package chokepoint.records;

import java.time.Instant;

/**
 * A breach held for a subscription's channel until its digest is due or its quiet hours end, on
 * {@code chokepoint.deferred} keyed by {@code subscriptionId/channelId}: the topic is the queue, so a restart
 * loses nothing that was held.
 */
public record DeferredBreach(String subscription, String channelId, Breach breach, Instant deferredAt) {

    public String recipientKey() {
        return subscription + "/" + channelId;
    }
}
