package chokepoint.alerts.delivery;

import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionMatcher;
import chokepoint.records.Breach;
import chokepoint.records.Subscription;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Ends the silences "until resolved" of every subscription once a breach they cover resolves, through the
 * subscription change path and in the background (the delivery topology does not wait on the control application).
 * Asked again for the same resolution after a crash, it finds nothing left to end.
 */
final class SilencesEnd implements SilenceEnder {

    private final SubscriptionBook subscriptions;
    private final Clock clock;

    SilencesEnd(SubscriptionBook subscriptions, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    @Override
    public void resolved(Breach breach, Collection<Subscription> all) {
        for (Subscription subscription : all) {
            if (SubscriptionMatcher.afterResolution(subscription, breach).size() != subscription.silences().size()) {
                subscriptions.updateInBackground(subscription.id(), "silence-expiry", latest -> {
                    List<Subscription.Silence> remaining = SubscriptionMatcher.afterResolution(latest, breach);
                    Instant now = clock.instant();
                    return remaining.size() == latest.silences().size() ? latest : latest.withSilences(remaining, now);
                });
            }
        }
    }
}
