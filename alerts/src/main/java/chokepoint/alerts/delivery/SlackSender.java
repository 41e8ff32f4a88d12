package chokepoint.alerts.delivery;

import chokepoint.records.Breach;

import java.util.List;
import java.util.Map;

/** Posts Block Kit messages to Slack incoming webhooks. */
public final class SlackSender implements ChannelSender {

    private final HttpPoster poster;
    private final String pageUrl;

    public SlackSender(HttpPoster poster, String pageUrl) {
        this.poster = poster;
        this.pageUrl = pageUrl;
    }

    @Override
    public DeliveryOutcome send(Recipient recipient, List<Breach> breaches) {
        return poster.post(recipient.target(), SlackMessage.of(breaches, pageUrl), Map.of());
    }
}
