package chokepoint.alerts.delivery;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import chokepoint.records.Subscription;
import jakarta.inject.Singleton;

/**
 * Asks a new email address to confirm before anything else is sent to it: one message with a signed confirm link
 * (and, like every email, an unsubscribe link).
 */
@Singleton
public class ConfirmationMailer {

    private final EmailSender sender;
    private final SubscriptionLinks links;

    public ConfirmationMailer(AlertsRuntime runtime, SubscriptionLinks links) {
        this.links = links;
        this.sender = runtime.config().email().enabled()
                ? new EmailSender(runtime.config().email().smtp(), runtime.config().http().publicUrl(),
                (recipient, address) -> links.unsubscribe(recipient.key(), address))
                : null;
    }

    public DeliveryOutcome ask(Subscription subscription, Subscription.Channel channel) {
        if (sender == null) {
            return DeliveryOutcome.smtp(554, "email is not configured");
        }
        String key = subscription.id() + "/" + channel.id();
        return sender.send(channel.address(), EmailMessage.confirmation(subscription.name(),
                links.confirm(key, channel.address()), links.unsubscribe(key, channel.address())));
    }
}
