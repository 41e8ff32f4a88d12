package chokepoint.alerts.delivery;

import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionForm;
import chokepoint.config.DeliverySettings;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Receiver URLs written as another form of an internal address are refused when saved, and a receiver that answers
 * with a redirect is parked at once, named with where it points. Everything on 127.0.0.1; a canary there must hear
 * nothing.
 */
class ReceiverUrlsAndAnswersTest {

    private HttpServer receiver;
    private ServerSocket canary;
    private final AtomicInteger canaryHits = new AtomicInteger();
    private final AtomicInteger receiverHits = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread listener = new Thread(() -> {
            while (!canary.isClosed()) {
                try {
                    canary.accept().close();
                    canaryHits.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        listener.setDaemon(true);
        listener.start();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (int status : List.of(301, 302, 303, 307, 308)) {
            receiver.createContext("/moved-" + status, exchange -> {
                receiverHits.incrementAndGet();
                exchange.getResponseHeaders().set("Location", "https://hooks.example.net/services/T000/B000/secret-part?x=1");
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
        }
        receiver.createContext("/to-canary", exchange -> {
            receiverHits.incrementAndGet();
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + canary.getLocalPort() + "/x");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        receiver.createContext("/ok", exchange -> {
            receiverHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() throws IOException {
        receiver.stop(0);
        canary.close();
    }

    private DeliverySettings settings() {
        return new DeliverySettings(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(1),
                null, List.of("127.0.0.1:" + receiver.getAddress().getPort()), null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x7f000001", "0X7F000001", "017700000001", "2130706433", "127.1", "0x7f.1", "0177.0.0.1",
            "127.0.0.1.", "[::ffff:7f00:1]", "[::127.0.0.1]", "%31%32%37.0.0.1", "０x7f000001"})
    void aReceiverUrlWrittenAsAnotherFormOfLoopbackIsRefusedWhenSaved(String host) {
        String url = "http://" + host + ":" + canary.getLocalPort() + "/hook";
        String refusal = HttpPoster.refusals(settings()).apply(url);
        assertNotNull(refusal, url + " was accepted");
        // The subscription form asks the same function: a field error, nothing stored.
        SubscriptionForm form = new SubscriptionForm(new SecretBox(new byte[32]), false, HttpPoster.refusals(settings()));
        SubscriptionForm.Invalid invalid = assertThrows(SubscriptionForm.Invalid.class, () -> form.build(SubscriptionForm.read(
                "{\"name\": \"x\", \"channels\": [{\"type\": \"webhook\", \"url\": \"" + url + "\"}]}"), "s1", "alice",
                Optional.empty(), Instant.parse("2026-11-28T12:00:00Z")));
        assertTrue(invalid.problems().stream().anyMatch(p -> p.startsWith("channels[0].url: ")), invalid.problems().toString());
        assertEquals(0, canaryHits.get());
    }

    @Test
    void theSameFormsAreRefusedAtSendTimeAndParked() {
        try (HttpPoster poster = new HttpPoster(settings())) {
            for (String host : List.of("0x7f000001", "017700000001", "2130706433", "127.1")) {
                DeliveryOutcome outcome = poster.post("http://" + host + ":" + canary.getLocalPort() + "/hook", "{}", Map.of());
                assertTrue(outcome.permanent(), host + ": " + outcome);
                assertTrue(outcome.detail().contains("internal address 127.0.0.1"), outcome.detail());
            }
        }
        assertEquals(0, canaryHits.get());
    }

    @Test
    void anAllowedReceiverIsStillAccepted() {
        Function<String, String> refusals = HttpPoster.refusals(settings());
        assertEquals(null, refusals.apply("http://127.0.0.1:" + receiver.getAddress().getPort() + "/ok"));
        assertEquals(null, refusals.apply("http://2130706433:" + receiver.getAddress().getPort() + "/ok"));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectIsAPermanentMisconfigurationNamingWhereItPoints(int status) {
        try (HttpPoster poster = new HttpPoster(settings())) {
            DeliveryOutcome outcome = poster.post("http://127.0.0.1:" + receiver.getAddress().getPort() + "/moved-" + status,
                    "{}", Map.of());
            assertTrue(outcome.permanent(), outcome.toString());
            assertFalse(outcome.accepted());
            assertEquals("receiver answered " + status + " redirect to hooks.example.net: fix the URL", outcome.detail());
            assertFalse(outcome.detail().contains("secret-part"), "the Location's path may be a secret");
        }
        assertEquals(1, receiverHits.get(), "asked once, not retried");
    }

    @Test
    void aRedirectToAnInternalAddressIsNotFollowed() {
        try (HttpPoster poster = new HttpPoster(settings())) {
            DeliveryOutcome outcome = poster.post("http://127.0.0.1:" + receiver.getAddress().getPort() + "/to-canary", "{}", Map.of());
            assertTrue(outcome.permanent(), outcome.toString());
            assertEquals("receiver answered 307 redirect to 127.0.0.1: fix the URL", outcome.detail());
        }
        assertEquals(0, canaryHits.get());
    }

    @Test
    void theClassificationOfAnswers() {
        assertTrue(DeliveryOutcome.http(200, -1, null).accepted());
        assertTrue(DeliveryOutcome.http(302, -1, "elsewhere.example").permanent());
        assertEquals("receiver answered 302 redirect to elsewhere.example: fix the URL",
                DeliveryOutcome.http(302, 30, "elsewhere.example").detail());
        assertEquals(-1, DeliveryOutcome.http(307, 30, "elsewhere.example").retryAfter(), "no wait: parked at once");
        assertTrue(DeliveryOutcome.http(308, -1).permanent());
        assertTrue(DeliveryOutcome.http(410, -1).permanent());
        assertFalse(DeliveryOutcome.http(429, 5).permanent());
        assertFalse(DeliveryOutcome.http(503, -1).permanent());
        assertFalse(DeliveryOutcome.http(408, -1).permanent());
    }
}
