package chokepoint.config;

import java.time.Duration;

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
 */
public record DeliverySettings(Duration groupWait, Duration giveUpAfter, Duration timeout, Duration slackPace,
                               String secretKey) {

    @Override
    public String toString() {
        return "DeliverySettings[groupWait=" + groupWait + ", giveUpAfter=" + giveUpAfter + ", timeout=" + timeout
                + ", slackPace=" + slackPace + ", secretKey=" + (secretKey == null || secretKey.isBlank() ? "generated" : "set") + "]";
    }
}
