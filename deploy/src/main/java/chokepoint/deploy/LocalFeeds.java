package chokepoint.deploy;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the failure drill and the end-to-end benchmarks run the pipeline against, all on 127.0.0.1: RSS feeds written
 * on request (every path under {@code /feed}) and a Slack receiver ({@code /slack}) that takes every message; and
 * the part of the configuration that points ingest and delivery at them. One place, so that the drill and the
 * benchmarks measure the same pipeline.
 */
public final class LocalFeeds implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads;

    private LocalFeeds(Function<String, String> feed, Consumer<String> slack) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feed", exchange -> {
            byte[] body = feed.apply(exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/slack", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                slack.accept(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        // Several services poll and deliver at once (the drill runs five processes): answered side by side, not in turn.
        threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.start();
    }

    /**
     * @param feed  the RSS document for a request's path ({@code /feed-3.xml})
     * @param slack each message the receiver takes, as its body; it is answered {@code ok}
     */
    public static LocalFeeds start(Function<String, String> feed, Consumer<String> slack) throws IOException {
        return new LocalFeeds(feed, slack);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The configuration from {@code ingest:} on: these feeds let through the outbound guard with no politeness delay,
     * {@code sources} (list entries indented by two spaces), one rule that breaches on the first export control of
     * each actor and target, and a webhook to this receiver, sent unpaced after {@code groupWait}.
     */
    public String alertingYaml(String sources, String ruleId, String ruleName, String receiver, String groupWait) {
        return """
                ingest:
                  allowed-private: ["127.0.0.1:%d"]
                  politeness-delay: 0s
                sources:
                %s
                rules:
                  - id: %s
                    name: %s
                    measures: [EXPORT_CONTROL]
                    group-by: actor-target
                    window: 30d
                    threshold: 1
                slack:
                  webhooks:
                    - name: %s
                      url: http://127.0.0.1:%d/slack
                delivery:
                  group-wait: %s
                  slack-pace: 0s
                  allowed-private: ["127.0.0.1:%d"]
                """.formatted(port(), sources.stripTrailing(), ruleId, ruleName, receiver, port(), groupWait, port());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
