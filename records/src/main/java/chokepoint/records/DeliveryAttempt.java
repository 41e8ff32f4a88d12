package chokepoint.records;

import java.time.Instant;
import java.util.List;

/**
 * One attempt to hand a message to a receiver, on {@code chokepoint.delivery-attempts} keyed by the recipient:
 * the history people query per subscription and per breach. Never holds a URL or a secret.
 *
 * @param recipient    {@code subscriptionId/channelId}, or {@code config/slack:name} for the operator's channels
 * @param subscription the subscription id, or null for the operator's channels
 * @param channelType  slack, email or webhook
 * @param breachIds    the breaches the message carried
 * @param attempt      1 for the first try
 * @param outcome      ACCEPTED, RETRYING or PARKED
 * @param status       the HTTP status or SMTP reply code, 0 when none came
 * @param detail       what happened, safe to show
 */
public record DeliveryAttempt(String recipient, String subscription, String channelType, List<String> breachIds,
                              int attempt, Outcome outcome, int status, String detail, Instant at) implements Complete {
    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"recipient"}, recipient);
    }


    public enum Outcome { ACCEPTED, RETRYING, PARKED }

    public DeliveryAttempt {
        breachIds = breachIds == null ? List.of() : List.copyOf(breachIds);
    }
}
