package chokepoint.alerts.subscriptions;

import chokepoint.records.Subscription;

import java.util.List;

/**
 * A subscription as people write it to the API (JSON). Channels carry URLs and secrets in clear here; they are
 * sealed before the subscription is stored.
 *
 * @param name       what the owner calls it
 * @param filter     which breaches: rules, actors, targets, measures, sectors, minSeverity
 * @param channels   where: {@code {type: slack, url}}, {@code {type: email, address}},
 *                   {@code {type: webhook, url, secret?}} (a secret is generated and shown once when absent)
 * @param mode       {@code {kind: immediate}} or {@code {kind: digest, every: hourly|daily|weekly, at: "08:00",
 *                   day: MONDAY, zone: "Europe/Brussels"}}
 * @param quietHours {@code {from: "22:00", to: "07:00", zone}}
 * @param silences   {@code {rule?, key?, until?, untilResolved?}}
 * @param paused     nothing is sent while paused
 * @param version    on a change, the version it was made from: refused (409) if the subscription changed since; absent,
 *                   the change applies to whatever version is current
 */
public record SubscriptionRequest(String name, Subscription.Filter filter, List<ChannelRequest> channels, ModeRequest mode,
                                  QuietHoursRequest quietHours, List<SilenceRequest> silences, Boolean paused, Long version) {

    /**
     * @param id      keep it to change a channel in place (its confirmation is kept while the address stays)
     * @param type    slack, email or webhook
     * @param address the email address
     * @param url     the Slack or webhook URL (a secret)
     * @param secret  the webhook's signing secret
     */
    public record ChannelRequest(String id, String type, String address, String url, String secret) {
        @Override
        public String toString() {
            return "ChannelRequest[" + id + ", " + type + "]";
        }
    }

    public record ModeRequest(String kind, String every, String at, String day, String zone) {
    }

    public record QuietHoursRequest(String from, String to, String zone) {
    }

    public record SilenceRequest(String rule, String key, String until, Boolean untilResolved) {
    }
}
