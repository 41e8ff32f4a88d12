package chokepoint.alerts.delivery;

import chokepoint.records.Breach;

import java.util.List;
import java.util.Map;

/** Posts Block Kit messages to Slack incoming webhooks. */
public final class SlackSender implements ChannelSender {

    private final HttpPoster poster;
    private final String pageUrl;
    private final PreviouslyTold told;

    public SlackSender(HttpPoster poster, String pageUrl) {
        this(poster, pageUrl, PreviouslyTold.NOTHING);
    }

    /** @param told what each recipient was last told of a breach: the message says what is new since */
    public SlackSender(HttpPoster poster, String pageUrl, PreviouslyTold told) {
        this.poster = poster;
        this.pageUrl = pageUrl;
        this.told = told;
    }

    @Override
    public DeliveryOutcome send(Recipient recipient, List<Breach> breaches) {
        return poster.post(recipient.target(), SlackMessage.ofNews(BreachNews.of(breaches, recipient.key(), told, pageUrl), pageUrl),
                Map.of());
    }
}
