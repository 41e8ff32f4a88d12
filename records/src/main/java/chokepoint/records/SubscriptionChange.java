package chokepoint.records;

import java.time.Instant;
import java.util.List;

/**
 * A request to store or delete a subscription, on {@code chokepoint.subscription-changes} keyed by subscription id, so
 * that one task applies every change of a subscription in order. It is applied only if the subscription is still at
 * {@code expectedVersion}; otherwise it is refused and its writer tries again on the newer version (or tells its user).
 *
 * @param id              the change's own id; its {@link SubscriptionOutcome} is keyed by it
 * @param subscription    the subscription's id
 * @param expectedVersion the version the change was made from (0 for a new subscription)
 * @param value           the subscription as it should be stored; null deletes it
 * @param by              who asked (an owner, {@code delivery}, {@code silence-expiry}, {@code email-link})
 * @param at              when it was asked
 */
public record SubscriptionChange(String id, String subscription, long expectedVersion, Subscription value, String by,
                                 Instant at) implements Complete {
    @Override
    public List<String> missing() {
        return Complete.nulls(new String[]{"id", "subscription"}, id, subscription);
    }
}
