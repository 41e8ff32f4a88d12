package chokepoint.records;

import java.time.Instant;

/**
 * The notification log, on the compacted {@code chokepoint.notifications} topic keyed by
 * {@code breachId|state|recipient}: written only after the receiver accepted, so it is the proof that a message
 * went out and the reason a second copy is not sent. The state is the phase told: {@code FIRING}, then
 * {@code UPDATE-<count>} for each update with more indicators, then {@code RESOLVED}; {@code count} is how many
 * indicators the breach had in the message (null in records written before it was kept), {@code indicators} their ids
 * (empty in records written before), so that the next message can say what is new since this one.
 */
public record Notification(String breachId, String state, String recipient, int status, Instant deliveredAt,
                           Integer count, java.util.List<String> indicators) implements Complete {

    public Notification {
        indicators = indicators == null ? java.util.List.of() : java.util.List.copyOf(indicators);
    }

    /** A notification that does not say which indicators the message held. */
    public Notification(String breachId, String state, String recipient, int status, Instant deliveredAt, Integer count) {
        this(breachId, state, recipient, status, deliveredAt, count, java.util.List.of());
    }

    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"breachId", "state", "recipient"}, breachId, state, recipient);
    }


    public static String key(String breachId, String state, String recipient) {
        return breachId + "|" + state + "|" + recipient;
    }
}
