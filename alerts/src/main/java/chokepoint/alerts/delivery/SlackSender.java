package chokepoint.alerts.delivery;

import chokepoint.config.SlackSettings;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Posts a message to a Slack incoming webhook with Micronaut's HTTP client. The webhook URL is a secret: it
 * never appears in what this class returns or logs, only the webhook's name does.
 */
@Singleton
public class SlackSender {

    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public DeliveryOutcome send(SlackSettings.Webhook webhook, String json) {
        URI uri = URI.create(webhook.url());
        try {
            HttpResponse<String> response = client(uri).toBlocking().exchange(
                    HttpRequest.POST(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), json)
                            .contentType(MediaType.APPLICATION_JSON_TYPE), String.class);
            return new DeliveryOutcome(response.code(), -1, "HTTP " + response.code());
        } catch (HttpClientResponseException e) {
            long retryAfter = e.getResponse().getHeaders().get("Retry-After", Long.class).orElse(-1L);
            return new DeliveryOutcome(e.getStatus().getCode(), retryAfter, "HTTP " + e.getStatus().getCode());
        } catch (RuntimeException e) {
            // Connection refused, timeouts: say what kind of failure without echoing a message that may contain the URL.
            return new DeliveryOutcome(0, -1, e.getClass().getSimpleName());
        }
    }

    private HttpClient client(URI uri) {
        String origin = uri.getScheme() + "://" + uri.getAuthority();
        return clients.computeIfAbsent(origin, o -> {
            DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
            configuration.setReadTimeout(Duration.ofSeconds(10));
            configuration.setConnectTimeout(Duration.ofSeconds(5));
            try {
                return HttpClient.create(URI.create(o).toURL(), configuration);
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("webhook is not a URL", e);
            }
        });
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
