package chokepoint.alerts.delivery;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import chokepoint.run.InstanceId;
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

    public BreachDeliverer(AlertsRuntime runtime, SubscriptionBook subscriptions, SecretBox box, SubscriptionLinks links) {
        service = new DeliveryService(runtime.clients(), runtime.config(), runtime.config().kafka().staticMembership() ? InstanceId.of(runtime.config().dataDir()) : null,
                subscriptions, box, links, Clock.systemUTC(), (recipient, breaches) -> {
                });
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
