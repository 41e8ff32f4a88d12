package chokepoint.alerts.delivery;

import chokepoint.records.Breach;
import chokepoint.records.Subscription;

import java.util.Collection;

/** What becomes of silences "until resolved" when a breach they cover resolves: they end. */
@FunctionalInterface
public interface SilenceEnder {

    /** Ends nothing (tests of the decisions alone). */
    SilenceEnder NONE = (breach, subscriptions) -> {
    };

    void resolved(Breach breach, Collection<Subscription> subscriptions);
}
