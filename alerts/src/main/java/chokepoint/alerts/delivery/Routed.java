package chokepoint.alerts.delivery;

import chokepoint.records.Breach;

/**
 * A breach on its way to one recipient, between resolving the recipients (by breach) and deciding (by recipient), on
 * the delivery topology's repartition topic.
 *
 * @param deferred true when the recipient gets it in a digest or when its quiet hours end
 */
public record Routed(Address to, Breach breach, boolean deferred) {
}
