package chokepoint.alerts.delivery;

import chokepoint.alerts.security.SecretBox;
import chokepoint.records.Breach;
import chokepoint.records.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Posts breaches as JSON to a generic webhook, signed so the receiver can tell the message is ours and fresh:
 * {@code X-Chokepoint-Signature: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))} with the timestamp in
 * {@code X-Chokepoint-Timestamp} (Unix seconds; receivers should refuse one older than five minutes). The body's
 * schema is {@code chokepoint.breaches/v1}: {@code {schema, subscription, sentAt, breaches: [Breach…]}} with each
 * breach as on the {@code chokepoint.breaches} topic (README, "Webhooks").
 */
public final class WebhookSender implements ChannelSender {

    public static final String SCHEMA = "chokepoint.breaches/v1";
    private final HttpPoster poster;
    private final Clock clock;

    private final String pageUrl;
    private final PreviouslyTold told;

    public WebhookSender(HttpPoster poster, Clock clock) {
        this(poster, clock, "http://localhost:8080", PreviouslyTold.NOTHING);
    }

    /**
     * @param pageUrl where the breach's page and dossier are, for the links each breach carries
     * @param told    what each recipient was last told of a breach
     */
    public WebhookSender(HttpPoster poster, Clock clock, String pageUrl, PreviouslyTold told) {
        this.poster = poster;
        this.clock = clock;
        this.pageUrl = pageUrl;
        this.told = told;
    }

    @Override
    public DeliveryOutcome send(Recipient recipient, List<Breach> breaches) {
        String json = body(recipient, breaches);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String signature = "sha256=" + SecretBox.hmacHex(recipient.secret() == null ? "" : recipient.secret(), timestamp + "." + json);
        return poster.post(recipient.target(), json, Map.of(
                "X-Chokepoint-Timestamp", timestamp,
                "X-Chokepoint-Signature", signature,
                "User-Agent", "Chokepoint-Webhook/1"));
    }

    /** The JSON body of one message to this recipient. */
    String body(Recipient recipient, List<Breach> breaches) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("schema", SCHEMA);
        body.put("subscription", recipient.subscription());
        body.put("sentAt", clock.instant().toString());
        com.fasterxml.jackson.databind.node.ArrayNode items = body.putArray("breaches");
        for (BreachNews news : BreachNews.of(breaches, recipient.key(), told, pageUrl)) {
            // Each breach as on the topic, with what this message tells of it and where to read it.
            ObjectNode item = Json.MAPPER.valueToTree(news.breach());
            item.put("phase", news.phase().name());
            item.set("newIndicators", Json.MAPPER.valueToTree(news.fresh().stream().map(chokepoint.records.Breach.IndicatorRef::id).toList()));
            item.put("breachUrl", news.breachUrl());
            item.put("dossierUrl", news.dossierUrl());
            items.add(item);
        }
        return body.toString();
    }
}
