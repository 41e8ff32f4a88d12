package chokepoint.records;

import java.time.Instant;

/**
 * A breach held for a subscription's channel until its digest is due or its quiet hours end, on
 * {@code chokepoint.deferred} keyed by {@code subscriptionId/channelId}: the topic is the queue, so a restart
 * loses nothing that was held.
 */
public record DeferredBreach(String subscription, String channelId, Breach breach, Instant deferredAt) implements Complete {

    @Override
    public java.util.List<String> missing() {
        java.util.List<String> missing = Complete.nulls(new String[]{"subscription", "channelId", "breach"}, subscription, channelId, breach);
        if (breach != null) {
            breach.missing().forEach(field -> missing.add("breach." + field));
        }
        return missing;
    }

    public String recipientKey() {
        return subscription + "/" + channelId;
    }
}
