package chokepoint.records;

import java.time.Instant;
import java.util.List;

/**
 * One message decided for one recipient, on {@code chokepoint.delivery.outbox} keyed by its receiver (a digest of the
 * webhook URL or of the address, never the URL itself): every message to one receiver is sent, in order, by the one
 * sender that owns its partition, so that Slack's pace holds across instances and a slow receiver holds only its own
 * messages. The delivery topology writes it once the message is due (group wait, group interval, send-resolved,
 * dedup), a digest when it is due, a replay's re-delivery when its owner asks; the sender only sends it.
 *
 * @param recipient    the recipient's key ({@code subscriptionId/channelId}, {@code config/slack:name},
 *                     {@code config/email:address}, {@code replay:<id>:subscriptionId/channelId}): the notification log
 *                     and the delivery history name it
 * @param subscription the subscription, or null for the operator's channels
 * @param channelId    the subscription's channel, or null
 * @param type         slack, email or webhook
 * @param sealed       the channel's URL or address and signing secret, sealed as the subscription keeps them
 *                     ({@code {"url"|"address", "secret"}}, AES-GCM under {@code delivery.secret-key})
 * @param breaches     what the message tells, in order
 * @param phases       for each breach, the phase the notification log records once the receiver accepted:
 *                     {@code FIRING}, {@code UPDATE-<count>} or {@code RESOLVED}
 * @param at           when the message was decided
 */
public record OutboundMessage(String recipient, String subscription, String channelId, Subscription.ChannelType type,
                             String sealed, List<Breach> breaches, List<String> phases, Instant at) implements Complete {

    public OutboundMessage {
        breaches = breaches == null ? null : List.copyOf(breaches);
        phases = phases == null ? List.of() : List.copyOf(phases);
    }

    @Override
    public List<String> missing() {
        List<String> missing = Complete.nulls(new String[]{"recipient", "type", "sealed", "breaches"}, recipient, type, sealed, breaches);
        if (breaches != null && phases.size() != breaches.size()) {
            missing.add("a phase for each breach");
        }
        return missing;
    }

    /** The phase told of the breach at {@code index}. */
    public String phase(int index) {
        return phases.get(index);
    }
}
