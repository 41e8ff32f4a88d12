package chokepoint.records;

import java.time.Instant;
import java.util.List;

/**
 * One message for one recipient, on {@code chokepoint.delivery.slack-outbox} keyed by the webhook it goes to (a
 * digest of its URL, never the URL), so that every message to one webhook is sent by the one instance that owns its
 * partition and its pace holds across instances. The recipient is named by key only: its URL is a secret, opened
 * from the subscription (or the configuration) when the message is sent.
 *
 * @param recipient the recipient's key ({@code subscriptionId/channelId}, {@code config/slack:name})
 * @param breaches  what the message tells, in order
 * @param at        when delivery decided to send it
 */
public record OutboundMessage(String recipient, List<Breach> breaches, Instant at) implements Complete {
    @Override
    public List<String> missing() {
        return Complete.nulls(new String[]{"recipient", "breaches"}, recipient, breaches);
    }
}
