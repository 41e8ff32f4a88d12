package chokepoint.outbound;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuardedHttpClientTest {

    private HttpServer server;
    private ServerSocket canary;
    private final AtomicInteger canaryHits = new AtomicInteger();
    private GuardedHttpClient client;
    private ServerSocket headerDrip;

    private final java.util.concurrent.atomic.AtomicLong endlessWritten = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.CountDownLatch endlessStopped = new java.util.concurrent.CountDownLatch(1);

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feed", exchange -> {
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            byte[] body = "<rss/>".getBytes();
            exchange.getResponseHeaders().set("ETag", "\"v1\"");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
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
        server.createContext("/to-canary", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + canary.getLocalPort() + "/x");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/to-metadata", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/gzip-bomb", exchange -> {
            java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(compressed)) {
                gzip.write(new byte[50 * 1024 * 1024]);  // 50 MB of zeros: about 50 KB compressed
            }
            byte[] body = compressed.toByteArray();
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/busy", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "120");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        server.createContext("/loop", exchange -> {
            exchange.getResponseHeaders().set("Location", "/loop");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("-refusal") ? 500 : 200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                while (true) {
                    out.write(chunk);
                    endlessWritten.addAndGet(chunk.length);
                }
            } catch (IOException hungUp) {
                endlessStopped.countDown();
            }
        });
        server.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[8192];
                for (int i = 0; i < 100; i++) {
                    out.write(chunk);
                }
            } catch (IOException ignored) {
                // the client hung up at its cap
            }
        });
        server.createContext("/drip", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write('<');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException ignored) {
                // the client hung up at its deadline
            }
        });
        server.createContext("/bad-location", exchange -> {
            exchange.getResponseHeaders().set("Location", "/feed?q=a b|{c}%zz#x#y");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/form", exchange -> {
            byte[] body = ("method=" + exchange.getRequestMethod() + "&" + new String(exchange.getRequestBody().readAllBytes()))
                    .getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        // Drips its status line and headers a byte at a time: no body, so only a deadline over headers stops it.
        headerDrip = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread dripper = new Thread(() -> {
            while (!headerDrip.isClosed()) {
                try {
                    java.net.Socket socket = headerDrip.accept();
                    Thread one = new Thread(() -> {
                        try (socket; OutputStream out = socket.getOutputStream()) {
                            for (byte b : "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes()) {
                                out.write(b);
                                out.flush();
                                Thread.sleep(300);
                            }
                            while (true) {
                                out.write('a');
                                out.flush();
                                Thread.sleep(300);
                            }
                        } catch (IOException | InterruptedException ignored) {
                            // the client hung up at its deadline
                        }
                    });
                    one.setDaemon(true);
                    one.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        dripper.setDaemon(true);
        dripper.start();
        OutboundSettings settings = new OutboundSettings("Chokepoint-test", Duration.ofSeconds(2), Duration.ofSeconds(2),
                64 * 1024, 5, List.of(hostPort(), "127.0.0.1:" + headerDrip.getLocalPort()), Duration.ZERO);
        client = new GuardedHttpClient(settings);
    }

    @AfterEach
    void tearDown() throws IOException {
        client.close();
        server.stop(0);
        canary.close();
        headerDrip.close();
    }

    private String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private URI url(String path) {
        return URI.create("http://" + hostPort() + path);
    }

    @Test
    void conditionalGetReturnsNotModifiedWithTheStoredValidator() throws Exception {
        FetchResult first = client.get(url("/feed"), null, null);
        assertEquals(200, first.status());
        assertArrayEquals("<rss/>".getBytes(), first.body());
        FetchResult second = client.get(url("/feed"), first.etag(), first.lastModified());
        assertTrue(second.notModified());
    }

    @Test
    void redirectToAPortOffTheAllowlistIsRefusedAndTheCanarySeesNothing() {
        FetchRefused refused = assertThrows(FetchRefused.class, () -> client.get(url("/to-canary"), null, null));
        assertTrue(refused.getMessage().contains("internal address 127.0.0.1"), refused.getMessage());
        assertEquals(0, canaryHits.get());
    }

    @Test
    void cloudMetadataAddressIsRefusedAtTheRedirectHop() {
        FetchRefused refused = assertThrows(FetchRefused.class, () -> client.get(url("/to-metadata"), null, null));
        assertTrue(refused.getMessage().contains("169.254.169.254"), refused.getMessage());
    }

    @Test
    void nonHttpSchemesAndPrivateLiteralsAreRefused() {
        assertThrows(FetchRefused.class, () -> client.get(URI.create("file:///etc/passwd"), null, null));
        assertThrows(FetchRefused.class, () -> client.get(URI.create("http://10.0.0.1/"), null, null));
        assertThrows(FetchRefused.class, () -> client.get(URI.create("http://[::ffff:127.0.0.1]:" + canary.getLocalPort() + "/"), null, null));
        assertThrows(FetchRefused.class, () -> client.get(URI.create("http://2130706433:" + canary.getLocalPort() + "/"), null, null));
        assertEquals(0, canaryHits.get());
    }

    @Test
    void everyWrittenFormOfTheLoopbackAddressIsRefusedAndTheCanaryHearsNothing() {
        int port = canary.getLocalPort();
        for (String host : List.of("0x7f000001", "0X7F000001", "017700000001", "2130706433", "127.1", "127.0.1",
                "0x7f.1", "0177.0.0.1", "0x7f.0.0.0x1", "127.0.0.1.", "%31%32%37.0.0.1", "[::ffff:7f00:1]",
                "[::ffff:127.0.0.1]", "[::127.0.0.1]", "localhost", "localhost.")) {
            URI url = URI.create("http://" + host + ":" + port + "/hook");
            FetchRefused sent = assertThrows(FetchRefused.class,
                    () -> client.send(OutboundRequest.postJson(url, "{}", java.util.Map.of()), Duration.ofSeconds(5)), host);
            assertTrue(sent.isPermanent(), host + ": " + sent.getMessage());
            assertTrue(sent.getMessage().contains("internal address"), host + ": " + sent.getMessage());
            assertThrows(FetchRefused.class, () -> client.get(url, null, null), host);
        }
        assertEquals(0, canaryHits.get());
    }

    @Test
    void aZoneIdIsRefusedBeforeAnyConnection() {
        FetchRefused refused = assertThrows(FetchRefused.class, () -> client.get(
                URI.create("http://[fe80::1%25lo]:" + canary.getLocalPort() + "/"), null, null));
        assertTrue(refused.isPermanent() && refused.getMessage().contains("zone"), refused.getMessage());
        assertEquals(0, canaryHits.get());
    }

    @Test
    void anAllowedReceiverWrittenAsAnotherFormOfItsAddressIsStillAllowed() throws Exception {
        FetchResult result = client.get(URI.create("http://2130706433:" + server.getAddress().getPort() + "/feed"), null, null);
        assertEquals(200, result.status());
        assertEquals("127.0.0.1", result.finalUri().getHost());
    }

    @Test
    void aGzipBombIsNeverInflated() throws Exception {
        FetchResult result = client.get(url("/gzip-bomb"), null, null);
        assertTrue(result.body().length < 64 * 1024, "the compressed bytes, not 50 MB: " + result.body().length);
        assertEquals(0x1f, result.body()[0] & 0xff, "still gzip: the feed parser refuses it as not a feed");
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        FetchRefused refused = assertThrows(FetchRefused.class, () -> client.get(url("/busy"), null, null));
        assertEquals(429, refused.status());
        assertEquals(Duration.ofSeconds(120), refused.retryAfter());
    }

    @Test
    void requestsToOneHostArePaced() throws Exception {
        OutboundSettings polite = new OutboundSettings("Chokepoint-test", Duration.ofSeconds(2), Duration.ofSeconds(5),
                64 * 1024, 5, List.of(hostPort()), Duration.ofMillis(400));
        try (GuardedHttpClient paced = new GuardedHttpClient(polite)) {
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                paced.get(url("/feed"), null, null);
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 800, "three requests, two pauses");
        }
    }

    @Test
    void redirectLoopStopsAtTheLimit() {
        FetchRefused refused = assertThrows(FetchRefused.class, () -> client.get(url("/loop"), null, null));
        assertTrue(refused.getMessage().contains("redirects"), refused.getMessage());
    }

    @Test
    void bodyOverTheCapIsRefused() {
        FetchRefused refused = assertThrows(FetchRefused.class, () -> client.get(url("/huge"), null, null));
        assertTrue(refused.getMessage().contains("larger than"), refused.getMessage());
    }

    @Test
    void anEndlessBodyIsDroppedAtTheCapNotReadOnToTheDeadline() throws Exception {
        FetchRefused refused = assertThrows(FetchRefused.class, () -> client.get(url("/endless"), null, null));
        assertTrue(refused.getMessage().contains("larger than 65536 bytes"), refused.getMessage());
        assertTrue(endlessStopped.await(10, java.util.concurrent.TimeUnit.SECONDS), "the server saw the client hang up");
        // Read on to the 2 s deadline (to keep the connection), loopback carries hundreds of megabytes; dropped at the
        // cap, the server wrote the cap and what the two sockets' buffers took.
        assertTrue(endlessWritten.get() < 24L * 1024 * 1024, "the server wrote " + endlessWritten.get() + " bytes");
    }

    @Test
    void anEndlessRefusalIsDroppedAtOnce() throws Exception {
        FetchRefused refused = assertThrows(FetchRefused.class, () -> client.get(url("/endless-refusal"), null, null));
        assertEquals(500, refused.status());
        assertTrue(endlessStopped.await(10, java.util.concurrent.TimeUnit.SECONDS), "the server saw the client hang up");
        assertTrue(endlessWritten.get() < 24L * 1024 * 1024, "the server wrote " + endlessWritten.get() + " bytes");
    }

    @Test
    void slowDripHitsTheWallClockDeadline() {
        long start = System.nanoTime();
        FetchRefused refused = assertThrows(FetchRefused.class, () -> client.get(url("/drip"), null, null));
        assertTrue(refused.getMessage().contains("deadline"), refused.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    }

    @Test
    void headersDrippedAByteASecondHitTheSameDeadline() {
        long start = System.nanoTime();
        FetchRefused refused = assertThrows(FetchRefused.class,
                () -> client.get(URI.create("http://127.0.0.1:" + headerDrip.getLocalPort() + "/feed"), null, null));
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(refused.getMessage().contains("deadline"), refused.getMessage());
        assertTrue(seconds < 5, "cut off at the 2 s deadline, not at the socket timeout: " + seconds + " s");
    }

    @Test
    void aLocationWithCharactersAUriRefusesIsEncodedAsABrowserWould() throws Exception {
        FetchResult result = client.get(url("/bad-location"), null, null);
        assertEquals(200, result.status());
        assertEquals("/feed", result.finalUri().getPath());
        assertEquals("q=a%20b%7C%7Bc%7D%25zz", result.finalUri().getRawQuery());
    }

    @Test
    void formPostsCarryTheirFields() throws Exception {
        FetchResult result = client.fetch(OutboundRequest.postForm(url("/form"), java.util.Map.of("columnID", "f5e5b0ad")));
        assertEquals("method=POST&columnID=f5e5b0ad", new String(result.body()));
    }

    @Test
    void sendReturnsTheReceiversStatusAndTheCappedRetryAfter() throws Exception {
        Answer busy = client.send(OutboundRequest.postJson(url("/busy"), "{}", java.util.Map.of()), Duration.ofSeconds(30));
        assertEquals(429, busy.status());
        assertEquals(Duration.ofSeconds(30), busy.retryAfter(), "120 s asked, capped at 30 s");
        Answer moved = client.send(OutboundRequest.postJson(url("/to-canary"), "{}", java.util.Map.of()), Duration.ofSeconds(30));
        assertEquals(302, moved.status(), "a receiver's redirect is its answer, not followed");
        assertEquals(0, canaryHits.get());
    }

    @Test
    void aRefusedAddressIsPermanent() {
        FetchRefused refused = assertThrows(FetchRefused.class,
                () -> client.send(OutboundRequest.postJson(URI.create("http://127.0.0.1:" + canary.getLocalPort() + "/hook"), "{}",
                        java.util.Map.of()), Duration.ofSeconds(30)));
        assertTrue(refused.isPermanent());
        assertEquals(0, canaryHits.get());
    }
}
