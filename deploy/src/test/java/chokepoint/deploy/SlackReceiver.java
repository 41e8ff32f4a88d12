package chokepoint.deploy;

import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Slack-style incoming webhook on 127.0.0.1 that records every POST body. */
final class SlackReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    SlackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/services/T000/B000/secret-token", exchange -> {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://" + hostPort() + "/services/T000/B000/secret-token";
    }

    /** For delivery.allowed-private: loopback is refused unless allowed. */
    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** Waits until at least {@code count} messages arrived; returns them all. */
    List<String> awaitMessages(int count, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> bodies.size() >= count);
        } catch (ConditionTimeoutException late) {
            // what came is returned as it is: the caller's assertion says what was expected, with its own message
        }
        return bodies();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
