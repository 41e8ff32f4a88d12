package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.kafka.KafkaClients;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chokepoint.alerts.AlertsApplication;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.records.Breach;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micronaut.context.ApplicationContext;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The subscriptions API of the running alerts service, with a real SMTP server (GreenMail) on 127.0.0.1:
 * bearer tokens and owners, field errors, email confirmation before anything else is sent, the message's MIME
 * structure and unsubscribe header, a subject with CR/LF that must not add headers, unsubscribing, and no
 * webhook secret in any log line or response.
 */
@Tag("integration")
@Timeout(240)
class SubscriptionsApiTest extends SharedClusterTest {

    private static final String ANA = "ana-token-0123456789abcdef";
    private static final String BOB = "bob-token-0123456789abcdef";
    /** The secret part of the URLs given to the API: must never come back out. */
    private static final String HOOK_SECRET = "XyZzy-hook-secret-5150";

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final List<String> responses = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @Test
    void ownersManageTheirSubscriptionsEmailIsConfirmedFirstAndNoSecretLeaks() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try (ScriptedReceiver receiver = new ScriptedReceiver()) {
            ChokepointConfig config = config(receiver);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                TopicSetup.ensure(admin, 2, (short) 1);
            }
            ApplicationContext alerts = AlertsApplication.start(config, KafkaClients.of(cluster.bootstrapServers()));
            try {
                base = "http://127.0.0.1:" + AlertsApplication.port(alerts);
                String hookUrl = receiver.url("/hooks/" + HOOK_SECRET);
                String body = """
                        {"name": "Rare earths\\u2014EU", "filter": {"rules": ["api-rule"], "sectors": ["rare-earths"]},
                         "channels": [{"type": "email", "address": "ana@example.org"},
                                      {"type": "webhook", "url": "%s"}]}""".formatted(hookUrl);

                String openApi = call("GET", "/openapi/chokepoint-api-0.1.yml", null, null).body();
                assertTrue(openApi.startsWith("openapi: 3") && openApi.contains("/api/subscriptions/{id}/silences:")
                        && openApi.contains("SubscriptionView:"), "the OpenAPI description is served");
                assertEquals(401, call("POST", "/api/subscriptions", null, body).statusCode(), "no token");
                assertEquals(401, call("POST", "/api/subscriptions", "wrong-token-0123456789", body).statusCode(), "wrong token");
                HttpResponse<String> created = call("POST", "/api/subscriptions", ANA, body);
                assertEquals(201, created.statusCode(), created.body());
                String id = field(created.body(), "id");
                assertTrue(created.body().contains("\"status\":\"pending\""), created.body());
                assertTrue(created.body().contains("generatedSecrets"), "a webhook secret was made and is shown once");

                HttpResponse<String> refused = call("PUT", "/api/subscriptions/" + id, BOB, body.replace("Rare earths", "Bob's"));
                assertEquals(403, refused.statusCode(), "another owner's token");
                assertEquals(403, call("DELETE", "/api/subscriptions/" + id, BOB, null).statusCode());
                assertEquals(403, call("POST", "/api/subscriptions/" + id + "/pause", BOB, "").statusCode());
                assertEquals("[]", call("GET", "/api/subscriptions", BOB, null).body(), "bob sees none of ana's");
                String mine = call("GET", "/api/subscriptions/" + id, ANA, null).body();
                assertTrue(mine.contains("Rare earths") && mine.contains("\"paused\":false"), "unchanged: " + mine);
                assertFalse(mine.contains("generatedSecrets"), "the secret is shown only once");

                HttpResponse<String> invalid = call("POST", "/api/subscriptions", ANA, """
                        {"name": "x", "filter": {"actors": ["china"]}, "channels": [{"type": "email", "address": "not-an-address"},
                         {"type": "slack", "url": "ftp://example.org/%s"}]}""".formatted(HOOK_SECRET));
                assertEquals(400, invalid.statusCode());
                assertTrue(invalid.body().contains("filter.actors: unknown jurisdiction 'china', did you mean 'CN'?") && invalid.body().contains("channels[0].address")
                        && invalid.body().contains("channels[1].url"), invalid.body());
                HttpResponse<String> unknown = call("POST", "/api/subscriptions", ANA, "{\"name\": \"x\", \"colour\": \"red\"}");
                assertEquals(400, unknown.statusCode());
                assertTrue(unknown.body().contains("colour"), unknown.body());
                HttpResponse<String> huge = call("POST", "/api/subscriptions", ANA, "{\"name\": \"" + "x".repeat(2_000_000) + "\"}");
                assertEquals(413, huge.statusCode(), "a 2 MB body is refused");

                // Confirmation first: one message, and no breach reaches the address before it is confirmed.
                assertTrue(mail.waitForIncomingEmail(20_000, 1));
                MimeMessage confirmation = mail.getReceivedMessages()[0];
                assertTrue(confirmation.getSubject().startsWith("[Chokepoint] Confirm"), confirmation.getSubject());
                String confirmText = text(confirmation);
                fire(DeliveryFixture.breach("api-1", "api-rule", "CN", "MOFCOM export controls on rare earths"));
                receiver.await("/hooks/" + HOOK_SECRET, r -> !r.isEmpty(), Duration.ofSeconds(60));
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertEquals(1, mail.getReceivedMessages().length, "nothing but the confirmation before confirming"));

                HttpResponse<String> confirmed = call("GET", path(confirmText, "confirm"), null, null);
                assertEquals(200, confirmed.statusCode(), confirmed.body());
                assertTrue(call("GET", "/api/subscriptions/" + id, ANA, null).body().contains("\"status\":\"active\""));
                HttpResponse<String> forged = call("GET", path(confirmText, "confirm").replaceAll("t=[^&]+", "t=forged"), null, null);
                assertEquals(404, forged.statusCode(), "a forged link does nothing");

                fire(DeliveryFixture.breach("api-2", "api-rule", "CN",
                        "Export ban on magnets\r\nBcc: evil@example.org\r\nX-Injected: yes"));
                assertTrue(mail.waitForIncomingEmail(30_000, 2));
                MimeMessage alert = mail.getReceivedMessages()[1];
                assertFalse(alert.getSubject().contains("\n") || alert.getSubject().contains("\r"), alert.getSubject());
                assertNull(alert.getHeader("X-Injected"), "no header injected through a title");
                assertNull(alert.getRecipients(Message.RecipientType.BCC));
                assertEquals(List.of("ana@example.org"), Arrays.stream(alert.getAllRecipients()).map(Object::toString).toList());
                assertEquals(1, mail.getReceivedMessages().length - 1, "evil@example.org got nothing");
                assertTrue(alert.getContentType().startsWith("multipart/alternative"), alert.getContentType());
                MimeMultipart parts = (MimeMultipart) alert.getContent();
                assertEquals(2, parts.getCount());
                assertTrue(parts.getBodyPart(0).isMimeType("text/plain") && parts.getBodyPart(1).isMimeType("text/html"));
                String html = (String) parts.getBodyPart(1).getContent();
                assertTrue(html.contains("Export ban on magnets") && !html.contains("<script"), html);
                assertTrue(((String) parts.getBodyPart(0).getContent()).contains("evidence: \"imposes a license requirement\""));
                String unsubscribeHeader = alert.getHeader("List-Unsubscribe", null);
                assertTrue(unsubscribeHeader.matches("<http://localhost:8080/subscriptions/unsubscribe\\?.+>"), unsubscribeHeader);
                assertEquals("List-Unsubscribe=One-Click", alert.getHeader("List-Unsubscribe-Post", null));

                String unsubscribe = unsubscribeHeader.substring("<http://localhost:8080".length(), unsubscribeHeader.length() - 1);
                assertEquals(200, call("GET", unsubscribe, null, null).statusCode(), "the link shows a button");
                assertTrue(call("GET", "/api/subscriptions/" + id, ANA, null).body().contains("\"type\":\"email\""),
                        "GET alone does not unsubscribe (mail scanners follow links)");
                assertEquals(200, call("POST", unsubscribe, null, "List-Unsubscribe=One-Click").statusCode());
                String after = call("GET", "/api/subscriptions/" + id, ANA, null).body();
                assertFalse(after.contains("\"type\":\"email\""), "the email channel is gone: " + after);

                String metrics = call("GET", "/prometheus", null, null).body();
                assertTrue(metrics.contains("chokepoint_deliveries_total{channel=\"email\",outcome=\"accepted\"}")
                        && metrics.contains("chokepoint_delivery_latency_seconds") && metrics.contains("kafka_stream"),
                        "Prometheus metrics: deliveries by outcome, latency, Kafka Streams: " + metrics.lines()
                                .filter(l -> l.startsWith("chokepoint")).toList());
                HttpResponse<String> ready = call("GET", "/health/readiness", null, null);
                assertEquals(200, ready.statusCode(), ready.body());
                assertEquals(200, call("GET", "/health/liveness", null, null).statusCode());
                String deliveries = call("GET", "/api/subscriptions/" + id + "/deliveries", ANA, null).body();
                assertTrue(deliveries.contains("ACCEPTED"), deliveries);
                assertEquals(403, call("GET", "/api/subscriptions/" + id + "/deliveries", BOB, null).statusCode());
                assertEquals(200, call("DELETE", "/api/subscriptions/" + id, ANA, null).statusCode() == 204 ? 200 : 0);
            } finally {
                alerts.close();
            }
        } finally {
            root.detachAppender(logs);
        }
        List<String> leaks = new ArrayList<>();
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            if (line.contains(HOOK_SECRET) || line.contains(ANA) || line.contains(BOB)) {
                leaks.add(line);
            }
        }
        responses.stream().filter(r -> r.contains(HOOK_SECRET) || r.contains(ANA)).forEach(leaks::add);
        // Kafka's self-recovering warnings are quiet now (logback.xml): the service's own lines show the capture works.
        assertTrue(logs.list.stream().filter(e -> e.getLoggerName().startsWith("chokepoint")).count() >= 3,
                "the log was captured: " + logs.list.size());
        assertEquals(List.of(), leaks, "no secret in any log line or response");
    }

    private ChokepointConfig config(ScriptedReceiver receiver) throws Exception {
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, """
                data-dir: ./data
                kafka:
                  bootstrap-servers: "%s"
                  application-prefix: api-test
                http:
                  port: 0
                email:
                  smtp:
                    host: 127.0.0.1
                    port: %d
                    from: "Chokepoint <alerts@chokepoint.test>"
                delivery:
                  group-wait: 200ms
                  timeout: 2s
                  allowed-private: ["%s"]
                auth:
                  tokens:
                    - owner: ana
                      token: %s
                    - owner: bob
                      token: %s
                """.formatted(cluster.bootstrapServers(), mail.getSmtp().getPort(), receiver.hostPort(), ANA, BOB));
        return new ConfigLoader(Map.of()).load(file);
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", path.startsWith("/subscriptions/") ? "application/x-www-form-urlencoded" : "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        responses.add(response.body() + response.headers().map());
        return response;
    }

    private void fire(Breach breach) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, Breach> producer = new KafkaProducer<>(props, Topics.BREACHES.keySerde().serializer(),
                Topics.BREACHES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.BREACHES.name(), breach.id(), breach)).get();
        }
    }

    private static String text(MimeMessage message) throws Exception {
        MimeMultipart parts = (MimeMultipart) message.getContent();
        return (String) parts.getBodyPart(0).getContent();
    }

    /** The path and query of the {@code action} link in a message (links point at the configured public URL). */
    private static String path(String text, String action) {
        Matcher matcher = Pattern.compile("http://localhost:8080(/subscriptions/" + action + "\\?\\S+)").matcher(text);
        assertTrue(matcher.find(), text);
        return matcher.group(1);
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertTrue(matcher.find(), json);
        return matcher.group(1);
    }
}
