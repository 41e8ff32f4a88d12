package chokepoint.records;

import java.time.Instant;
import java.util.List;

/**
 * What became of a {@link SubscriptionChange}, on {@code chokepoint.subscription-outcomes} keyed by the change's id,
 * written in the same transaction as the subscription it stored: once a writer sees its outcome, the subscriptions
 * topic holds the result.
 *
 * @param change       the change's id
 * @param subscription the subscription's id
 * @param accepted     false: the subscription was no longer at the expected version (or the change was not valid)
 * @param version      the subscription's version now (after the change, when accepted)
 * @param reason       why it was refused
 */
public record SubscriptionOutcome(String change, String subscription, boolean accepted, long version, String reason,
                                  Instant at) implements Complete {
    @Override
    public List<String> missing() {
        return Complete.nulls(new String[]{"change", "subscription"}, change, subscription);
    }
}
