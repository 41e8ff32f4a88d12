package chokepoint.alerts.delivery;

import chokepoint.config.DeliverySettings;
import chokepoint.outbound.AddressGuard;
import chokepoint.outbound.Answer;
import chokepoint.outbound.FetchRefused;
import chokepoint.outbound.GuardedHttpClient;
import chokepoint.outbound.OutboundRequest;
import chokepoint.outbound.OutboundSettings;
import chokepoint.outbound.Urls;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Posts JSON to a receiver's URL through the same guarded client ingest fetches with, and says how it went. Every
 * delivery passes the address guard again (a name that resolved to a public address when the subscription was saved
 * may resolve to 169.254.169.254 now); redirects are not followed; Retry-After is capped at the give-up time. URLs are
 * secrets (a Slack webhook URL is its own credential): nothing this class returns or throws contains one.
 */
public final class HttpPoster implements AutoCloseable {

    private final GuardedHttpClient client;
    private final AddressGuard guard;
    private final Duration maxRetryAfter;

    public HttpPoster(DeliverySettings settings) {
        OutboundSettings outbound = settings(settings);
        this.client = new GuardedHttpClient(outbound);
        this.guard = new AddressGuard(outbound.allowedPrivate());
        this.maxRetryAfter = settings.giveUpAfter();
    }

    /** The guarded client's settings for delivery: the delivery timeout over the whole exchange, no redirects. */
    static OutboundSettings settings(DeliverySettings delivery) {
        return new OutboundSettings("Chokepoint-Delivery/1", delivery.timeout(), delivery.timeout(), 64 * 1024, 0,
                delivery.allowedPrivate(), Duration.ZERO);
    }

    /**
     * Why {@code url} may not receive deliveries (not http(s), malformed, or an internal address not allowed), or
     * null when it may: asked when a subscription is saved, so the owner learns it then rather than at the first breach.
     */
    public String refusal(String url) {
        return refusal(guard, url);
    }

    /** The same check without a client: what the subscriptions API asks when a channel is saved. */
    public static java.util.function.Function<String, String> refusals(DeliverySettings settings) {
        AddressGuard guard = new AddressGuard(settings.allowedPrivate());
        return url -> refusal(guard, url);
    }

    private static String refusal(AddressGuard guard, String url) {
        try {
            guard.check(Urls.parse(url));
            return null;
        } catch (FetchRefused e) {
            return e.isPermanent() ? e.getMessage() : null;
        }
    }

    public DeliveryOutcome post(String url, String json, Map<String, String> headers) {
        URI uri;
        try {
            uri = Urls.parse(url);
        } catch (FetchRefused e) {
            return new DeliveryOutcome(0, true, -1, "the receiver's URL is malformed");
        }
        try {
            Answer answer = client.send(OutboundRequest.postJson(uri, json, headers), maxRetryAfter);
            return DeliveryOutcome.http(answer.status(), answer.retryAfter() == null ? -1 : answer.retryAfter().toSeconds(),
                    answer.redirectHost());
        } catch (FetchRefused e) {
            // The guard's refusal is permanent; no answer in time, or no connection, may get better. The message
            // names the host at most, never the path or query that make a webhook URL a secret.
            return e.isPermanent() ? new DeliveryOutcome(0, true, -1, e.getMessage()) : DeliveryOutcome.noAnswer(e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
