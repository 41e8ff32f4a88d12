package chokepoint.deploy;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The alerts API as the tests' admin calls it (TestConfigs' token), and a way to wait for what other instances see. */
final class AdminApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    interface Check {
        boolean holds() throws Exception;
    }

    private AdminApi() {
    }

    static HttpResponse<String> send(String method, String url, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                .header("Authorization", "Bearer " + TestConfigs.ADMIN_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether {@code check} holds within {@code timeout}, asked every 300 ms. */
    static boolean eventually(Duration timeout, Check check) throws Exception {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(300)).until(check::holds);
            return true;
        } catch (ConditionTimeoutException late) {
            return check.holds();  // one last look, as before; the caller's assertion says what was expected
        }
    }
}
