package chokepoint.alerts;

import chokepoint.alerts.delivery.DeliveryHistory;
import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import chokepoint.run.RunningLoops;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The shared pieces of delivery and subscription management, made once per alerts service. */
@Factory
public class DeliveryBeans {

    @Singleton
    SecretBox secretBox(AlertsRuntime runtime) {
        return SecretBox.fromSettings(runtime.config().delivery().secretKey(), runtime.config().dataDir());
    }

    @Singleton
    @Bean(preDestroy = "close")
    SubscriptionBook subscriptionBook(AlertsRuntime runtime, RunningLoops process) {
        return new SubscriptionBook(runtime.clients(), process);
    }

    @Singleton
    @Bean(preDestroy = "close")
    DeliveryHistory deliveryHistory(AlertsRuntime runtime, RunningLoops process) {
        return new DeliveryHistory(runtime.clients(), process);
    }

    @Singleton
    SubscriptionLinks subscriptionLinks(AlertsRuntime runtime, SecretBox box) {
        return new SubscriptionLinks(runtime.config().http().publicUrl(), box);
    }
}
