package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.alerts.AlertsApplication;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.kafka.KafkaClients;
import chokepoint.topics.TopicSetup;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Typos are a 400 listing every error with what was probably meant, in every API as in the rules': dossiers,
 * measures, indicators (JSON and Atom), breach history and subscriptions; the command line exits non-zero. Before, a
 * dossier for "China" was an empty "CHINA → EU" with 200 and {@code ?target=Europe} an empty list.
 */
@Tag("integration")
@Timeout(120)
class ValidationApiTest extends SharedClusterTest {

    private static final String TOKEN = "validation-token-0123456789";
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @Test
    void everyApiNamesEveryUnknownWordWithWhatWasMeant() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            TopicSetup.ensure(admin, 2, (short) 1);
        }
        ApplicationContext alerts = AlertsApplication.start(config(), KafkaClients.of(cluster.bootstrapServers()));
        try {
            base = "http://127.0.0.1:" + AlertsApplication.port(alerts);
            refused("/api/dossiers?actor=China&target=Europe",
                    "actor: unknown jurisdiction 'China', did you mean 'CN'?", "target: unknown jurisdiction 'Europe', did you mean 'EU'?");
            refused("/api/measures?target=Europe&measure=export%20controls&status=in-force,suspnded",
                    "target: unknown jurisdiction 'Europe', did you mean 'EU'?",
                    "measure: unknown measure 'export controls', did you mean 'EXPORT_CONTROL'?",
                    "status: unknown status 'suspnded', did you mean 'SUSPENDED'?");
            refused("/api/indicators?actor=China&sector=rare-earth&minSeverity=11",
                    "actor: unknown jurisdiction 'China', did you mean 'CN'?",
                    "sector: unknown sector 'rare-earth', did you mean 'rare-earths'?", "minSeverity: ");
            refused("/feeds/indicators.atom?target=Europe", "target: unknown jurisdiction 'Europe', did you mean 'EU'?");
            refused("/api/breaches/history?actor=China", "actor: unknown jurisdiction 'China', did you mean 'CN'?");
            HttpResponse<String> subscription = send(HttpRequest.newBuilder(URI.create(base + "/api/subscriptions"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"name": "EU desk", "filter": {"actors": ["China"], "measures": ["export control"], "sector": []},
                             "channels": [{"type": "slack", "url": "https://hooks.slack.com/services/T0/B0/X"}]}""")));
            assertEquals(400, subscription.statusCode(), subscription.body());
            for (String expected : new String[]{"filter.actors: unknown jurisdiction 'China', did you mean 'CN'?",
                    "filter.measures: unknown measure 'export control', did you mean 'EXPORT_CONTROL'?",
                    "filter.sector: unknown field 'sector', did you mean 'sectors'?"}) {
                assertTrue(subscription.body().contains(expected), expected + " in " + subscription.body());
            }
            HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(base + "/api/dossiers?actor=CN&target=EU")).GET());
            assertEquals(401, anonymous.statusCode(), "a dossier reads a range of the indicators: it needs a token");
            assertTrue(anonymous.body().contains("dossiers.public"), anonymous.body());
            refused("/api/dossiers?actor=CN&target=EU&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                    "from, to: a dossier covers at most 800d (dossiers.max-range)");
            assertEquals(200, get("/api/dossiers?actor=CN&target=EU").statusCode(), "with a token, within the range");
            assertEquals(200, get("/api/measures?target=EU&measure=EXPORT_CONTROL&status=in_force").statusCode(), "right words pass");
            assertEquals(200, get("/api/indicators?actor=cn&target=*").statusCode(), "a code in lower case, and '*'");
        } finally {
            alerts.close();
        }
    }

    @Test
    void theDossierCommandExitsNonZeroAndSaysWhatWasMeant() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = new CommandLine(new Chokepoint()).execute("dossier", "--actor", "China", "--target", "EU");
        } finally {
            System.setErr(before);
        }
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("actor: unknown jurisdiction 'China', did you mean 'CN'?"), err.toString());
    }

    private void refused(String path, String... problems) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(400, response.statusCode(), path + ": " + response.body());
        assertTrue(response.body().startsWith("{\"errors\":["), response.body());
        for (String problem : problems) {
            assertTrue(response.body().contains(problem), problem + " in " + response.body());
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ChokepointConfig config() throws Exception {
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, """
                data-dir: ./data
                kafka:
                  bootstrap-servers: "%s"
                  application-prefix: validation-test
                http:
                  port: 0
                auth:
                  tokens:
                    - owner: desk
                      token: %s
                      admin: true
                """.formatted(cluster.bootstrapServers(), TOKEN));
        return new ConfigLoader(Map.of()).load(file);
    }
}
