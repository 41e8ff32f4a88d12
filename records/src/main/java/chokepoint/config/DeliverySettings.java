package chokepoint.config;

import java.time.Duration;
import java.util.List;

/**
 * How breaches are delivered.
 *
 * @param groupWait   breaches for one receiver that arrive within this wait go out as one message
 * @param giveUpAfter how long a receiver that keeps failing temporarily is retried before the message is parked
 * @param timeout     connect and read timeout of one HTTP delivery
 * @param slackPace   least time between two messages to one Slack webhook (Slack allows about one a second)
 * @param secretKey   base64 key (32 bytes) that seals webhook URLs and secrets in Kafka records and signs
 *                    confirmation and unsubscribe links; empty: one is generated into the data folder. Instances
 *                    of a cluster must share it.
 * @param allowedPrivate host:port pairs on loopback or private networks that webhooks and Slack URLs may point to
 *                    (an internal receiver, the demo, tests); every other internal address is refused when a
 *                    subscription is saved and again at each delivery, so that delivery cannot scan the network
 * @param groupInterval  a firing breach that gathers new indicators is posted again as an update, at most once in
 *                    this time per receiver (default 5 minutes)
 * @param sendResolved whether a breach's resolution is posted to those who were told it fired (default true)
 * @param resolvedHorizon a breach first seen already resolved, its resolution older than this (wall clock), is
 *                    history and no message (at a first start, a backlog of breaches that fired and resolved weeks
 *                    ago); one resolved more recently (an outage's) is still sent (default 1 hour)
 */
public record DeliverySettings(Duration groupWait, Duration giveUpAfter, Duration timeout, Duration slackPace,
                               String secretKey, List<String> allowedPrivate, Duration groupInterval,
                               Boolean sendResolved, Duration resolvedHorizon) {

    public DeliverySettings {
        allowedPrivate = allowedPrivate == null ? List.of() : List.copyOf(allowedPrivate);
        groupInterval = groupInterval == null ? Duration.ofMinutes(5) : groupInterval;
        sendResolved = sendResolved == null || sendResolved;
        resolvedHorizon = resolvedHorizon == null ? Duration.ofHours(1) : resolvedHorizon;
    }

    /** Settings as they were before the resolved horizon was one (its default, 1 hour). */
    public DeliverySettings(Duration groupWait, Duration giveUpAfter, Duration timeout, Duration slackPace,
                            String secretKey, List<String> allowedPrivate, Duration groupInterval, Boolean sendResolved) {
        this(groupWait, giveUpAfter, timeout, slackPace, secretKey, allowedPrivate, groupInterval, sendResolved, null);
    }

    public DeliverySettings withAllowedPrivate(List<String> allowed) {
        return new DeliverySettings(groupWait, giveUpAfter, timeout, slackPace, secretKey, allowed, groupInterval, sendResolved,
                resolvedHorizon);
    }

    public DeliverySettings withGroupInterval(Duration interval) {
        return new DeliverySettings(groupWait, giveUpAfter, timeout, slackPace, secretKey, allowedPrivate, interval, sendResolved,
                resolvedHorizon);
    }

    @Override
    public String toString() {
        return "DeliverySettings[groupWait=" + groupWait + ", giveUpAfter=" + giveUpAfter + ", timeout=" + timeout
                + ", slackPace=" + slackPace + ", groupInterval=" + groupInterval + ", sendResolved=" + sendResolved + ", resolvedHorizon=" + resolvedHorizon
                + ", allowedPrivate=" + allowedPrivate + ", secretKey=" + (secretKey == null || secretKey.isBlank() ? "generated" : "set") + "]";
    }
}
