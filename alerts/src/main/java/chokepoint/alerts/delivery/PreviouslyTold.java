package chokepoint.alerts.delivery;

import chokepoint.records.Notification;

import java.util.Optional;

/**
 * What a recipient was last told about a breach (the notification log's latest entry), so that a message can say
 * whether it is the firing, an update or the resolution, and what is new since the last one.
 */
@FunctionalInterface
public interface PreviouslyTold {

    /** Nothing was told before: every message is a first. */
    PreviouslyTold NOTHING = (breachId, recipient) -> Optional.empty();

    Optional<Notification> last(String breachId, String recipientKey);
}
