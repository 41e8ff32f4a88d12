package chokepoint.outbound;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many sources on one host, through the real client against a server on 127.0.0.1, with the hosts' turns on a clock
 * moved by hand: what is checked is who was served and in what order, never how long it took.
 */
class HostBudgetTest {

    private HttpServer server;
    private ExecutorService serverThreads;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger hanging = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final CountDownLatch hangUntil = new CountDownLatch(1);
    private final ManualTicker clock = new ManualTicker();

    @org.junit.jupiter.api.BeforeAll
    static void lookOften() {
        // Each step waits for threads to catch up with the hand-moved clock: look every millisecond, not every 100.
        org.awaitility.Awaitility.setDefaultPollDelay(Duration.ZERO);
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(1));
    }

    @org.junit.jupiter.api.AfterAll
    static void lookAsUsual() {
        org.awaitility.Awaitility.reset();
    }

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/feed", exchange -> {
            order.add(exchange.getRequestURI().getQuery());
            served.incrementAndGet();
            byte[] body = "<rss/>".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/hangs", exchange -> {
            hanging.incrementAndGet();
            try {
                hangUntil.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        hangUntil.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private GuardedHttpClient client(Duration politeness) {
        OutboundSettings settings = new OutboundSettings("Chokepoint-test", Duration.ofSeconds(5), Duration.ofSeconds(30),
                64 * 1024, 5, List.of("127.0.0.1:" + server.getAddress().getPort()), politeness);
        GuardedHttpClient client = new GuardedHttpClient(settings, clock);
        clock.wakes(client.turns());
        return client;
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void threeHundredSourcesOnOneHostUnderTheDefaultPolitenessAreAllFetchedNoneFailing() throws Exception {
        Duration politeness = Duration.ofSeconds(2);  // defaults.yml
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try (GuardedHttpClient client = client(politeness)) {
            ExecutorService sources = Executors.newFixedThreadPool(300);
            for (int i = 0; i < 300; i++) {
                String source = "source=" + i;
                sources.execute(() -> {
                    try {
                        client.get(url("/feed?" + source), null, null);
                    } catch (FetchRefused e) {
                        failures.add(source + ": " + e.getMessage());
                    }
                });
            }
            await().until(() -> served.get() == 1);
            for (int i = 1; i < 300; i++) {
                // Before the delay has passed on the host's clock, nobody else is sent.
                assertEquals(i, served.get());
                clock.advance(politeness);
                int expected = i + 1;
                await().until(() -> served.get() + failures.size() >= expected);
            }
            sources.shutdown();
            assertEquals(List.of(), List.copyOf(failures), "no source failed waiting for its turn");
            assertEquals(300, served.get());
            assertEquals(300, order.stream().distinct().count(), "each source fetched once");
            assertEquals(politeness.multipliedBy(299), clock.elapsed(), "spaced by the politeness delay, no gap left");
        }
    }

    @Test
    void fourHangingEndpointsDoNotStopTheHostsOtherSources() throws Exception {
        try (GuardedHttpClient client = client(Duration.ZERO)) {
            ExecutorService slow = Executors.newFixedThreadPool(4);
            ConcurrentLinkedQueue<String> slowOutcomes = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < 4; i++) {
                String path = "/hangs/" + i;
                slow.execute(() -> {
                    try {
                        client.get(url(path), null, null);
                    } catch (FetchRefused e) {
                        slowOutcomes.add(e.getMessage());
                    }
                });
            }
            await().until(() -> hanging.get() == 4);
            // The four hang past the slow mark on the host's clock: each holds its own connection, not the host.
            clock.advance(GuardedHttpClient.slowAfter(Duration.ofSeconds(30)).plusSeconds(1));
            for (int poll = 0; poll < 10; poll++) {
                assertEquals(200, client.get(url("/feed?fast=" + poll), null, null).status());
            }
            assertEquals(10, served.get(), "the fast source was served ten times while the four still hung");
            assertTrue(slowOutcomes.isEmpty(), "the slow ones were still waiting for their answers");
            hangUntil.countDown();
            slow.shutdown();
            await().until(() -> slowOutcomes.size() == 4);
        }
    }
}
