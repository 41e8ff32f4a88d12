package chokepoint.deploy;

import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for Slack during the demo: accepts incoming-webhook POSTs on 127.0.0.1 and prints the text of each
 * message on the console, so that one sees what a Slack channel would receive.
 */
public final class DemoSlackReceiver implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    /** Every message as it came (Block Kit JSON), for a look at one afterwards. */
    private final java.util.List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();

    private DemoSlackReceiver(HttpServer server) {
        this.server = server;
    }

    public static DemoSlackReceiver start(PrintStream console) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DemoSlackReceiver receiver = new DemoSlackReceiver(server);
        server.createContext("/services/demo", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readNBytes(1 << 20);
                JsonNode message = Json.MAPPER.readTree(body);
                receiver.messages.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                int n = receiver.received.incrementAndGet();
                console.println();
                console.println("[demo Slack receiver] message " + n + ": " + message.path("text").asText());
                for (JsonNode block : message.path("blocks")) {
                    if ("section".equals(block.path("type").asText())) {
                        console.println("    " + block.path("text").path("text").asText().replace("\n", "\n    "));
                    } else if ("context".equals(block.path("type").asText())) {
                        // The links to the breach's page and its dossier.
                        block.path("elements").forEach(e -> console.println("    " + e.path("text").asText()));
                    }
                }
                console.println();
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            byte[] ok = "ok".getBytes();
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
        return receiver;
    }

    public String webhookUrl() {
        return "http://" + hostPort() + "/services/demo";
    }

    /** Loopback is refused to delivery unless allowed: the demo allows its own receiver. */
    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int received() {
        return received.get();
    }

    /** The messages received so far, as Slack would have them (Block Kit JSON), oldest first. */
    public java.util.List<String> messages() {
        return java.util.List.copyOf(messages);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
