package chokepoint.alerts.delivery;

import chokepoint.alerts.control.ControlService;
import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import chokepoint.run.InstanceId;
import chokepoint.run.RunningLoops;
import chokepoint.streams.topology.RunningApps;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;

import chokepoint.records.Breach;
import chokepoint.records.Subscription;

import java.time.Clock;
import java.util.List;

/** Runs delivery inside the alerts service, from start to shutdown, unless the process runs without it. */
@Context
@Requires(property = "chokepoint.run.delivery", notEquals = "false")
public class BreachDeliverer {

    private final DeliveryService service;

    /**
     * @param control the writer of subscription changes (a channel that fails for good is marked through it): a
     *                dependency, so started before delivery and closed after it
     * @param process the applications of this process, which the delivery application joins for health
     * @param loops   the loops of this process, which the sender's and the digests' loops join
     */
    public BreachDeliverer(AlertsRuntime runtime, SubscriptionBook subscriptions, SecretBox box, SubscriptionLinks links,
                           ControlService control, RunningApps process, RunningLoops loops) {
        service = new DeliveryService(runtime.clients(), runtime.config(), runtime.config().kafka().staticMembership() ? InstanceId.of(runtime.config().dataDir()) : null,
                subscriptions, box, links, Clock.systemUTC(), (recipient, breaches) -> {
                }, process, loops);
    }

    /** See {@link DeliveryService#redeliver}. */
    public List<String> redeliver(String replayId, Subscription subscription, List<Breach> breaches) {
        return service.redeliver(replayId, subscription, breaches);
    }

    @PreDestroy
    void close() {
        service.close();
    }
}
