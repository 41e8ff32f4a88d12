package chokepoint.alerts.delivery;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Posts JSON to a receiver's URL with Micronaut's HTTP client and says how it went. URLs are secrets (a Slack
 * webhook URL is its own credential): nothing this class returns or throws contains one.
 */
public final class HttpPoster implements AutoCloseable {

    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final Duration timeout;

    public HttpPoster(Duration timeout) {
        this.timeout = timeout;
    }

    public DeliveryOutcome post(String url, String json, Map<String, String> headers) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new DeliveryOutcome(0, true, -1, "the receiver's URL is malformed");
        }
        try {
            MutableHttpRequest<String> request = HttpRequest.POST(
                            uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), json)
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
            headers.forEach(request::header);
            HttpResponse<String> response = client(uri).toBlocking().exchange(request, String.class);
            return DeliveryOutcome.http(response.code(), -1);
        } catch (HttpClientResponseException e) {
            long retryAfter = e.getResponse().getHeaders().get("Retry-After", Long.class).orElse(-1L);
            return DeliveryOutcome.http(e.getStatus().getCode(), retryAfter);
        } catch (ReadTimeoutException e) {
            return DeliveryOutcome.noAnswer("no answer within " + timeout.toSeconds() + " s");
        } catch (RuntimeException e) {
            // Connection refused and the like: name the kind of failure, not a message that may contain the URL.
            return DeliveryOutcome.noAnswer(e.getClass().getSimpleName());
        }
    }

    private HttpClient client(URI uri) {
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        return clients.computeIfAbsent(origin, o -> {
            DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
            configuration.setReadTimeout(timeout);
            configuration.setConnectTimeout(timeout);
            configuration.setFollowRedirects(false);
            try {
                return HttpClient.create(URI.create(o).toURL(), configuration);
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("the receiver's URL is malformed");
            }
        });
    }

    @Override
    public void close() {
        clients.values().forEach(HttpClient::close);
    }
}
