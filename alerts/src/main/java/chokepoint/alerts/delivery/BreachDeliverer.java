package chokepoint.alerts.delivery;

import chokepoint.alerts.AlertsRuntime;
import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

import java.time.Clock;

/** Runs delivery inside the alerts service, from start to shutdown. */
@Context
public class BreachDeliverer {

    private final DeliveryService service;

    public BreachDeliverer(AlertsRuntime runtime, SubscriptionBook subscriptions, SecretBox box, SubscriptionLinks links) {
        service = new DeliveryService(runtime.bootstrapServers(), runtime.config(), subscriptions, box, links,
                Clock.systemUTC(), (recipient, breaches) -> {
                });
    }

    @PreDestroy
    void close() {
        service.close();
    }
}
