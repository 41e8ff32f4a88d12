package chokepoint.deploy;

import chokepoint.kafka.ClusterProbe;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.Json;
import chokepoint.run.RunningLoops;
import chokepoint.streams.topology.RunningApps;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Health and metrics of a process that runs no alerts service ({@code --services ingest} or {@code classifier}),
 * on {@code http.host:http.port}: {@code /health}, {@code /health/liveness}, {@code /health/readiness} and {@code /prometheus}, the
 * same paths the alerts service answers, so that probes and scrapers treat every Chokepoint process alike.
 */
final class ServiceEndpoints implements AutoCloseable {

    private final HttpServer server;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ClusterProbe cluster;
    private final RunningApps apps;
    private final RunningLoops loops;

    /**
     * @param apps  the Streams applications of this process, which health judges
     * @param loops the supervised loops of this process, which health judges and whose gauges {@code /prometheus} shows
     */
    ServiceEndpoints(String host, int port, KafkaClients clients, RunningApps apps, RunningLoops loops) throws IOException {
        this.apps = apps;
        this.loops = loops;
        Metrics.addRegistry(registry);
        loops.meterOn(registry);
        cluster = new ClusterProbe(clients);
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        // The same judgement as the alerts service's indicators (WorkersLiveness, StreamsReadiness, KafkaClusterHealth);
        // /health is all of them, as Micronaut's is.
        server.createContext("/health/liveness", exchange -> status(exchange, loops.allUp() && apps.noneFailed(),
                Optional.empty()));
        server.createContext("/health/readiness", exchange -> {
            Optional<String> kafka = cluster.problem();
            status(exchange, apps.allRunning() && loops.allUp() && kafka.isEmpty(), kafka);
        });
        server.createContext("/health", exchange -> {
            Optional<String> kafka = cluster.problem();
            status(exchange, apps.allRunning() && loops.allUp() && apps.noneFailed() && kafka.isEmpty(), kafka);
        });
        server.createContext("/prometheus", exchange -> answer(exchange, 200, registry.scrape(), "text/plain; version=0.0.4"));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void status(HttpExchange exchange, boolean up, Optional<String> kafka) throws IOException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("streams", apps.states());
        details.put("workers", loops.report());
        kafka.ifPresent(reason -> details.put("kafka", Map.of("status", "DOWN", "reason", reason)));
        String body = Json.MAPPER.writeValueAsString(Map.of("status", up ? "UP" : "DOWN", "details", details));
        answer(exchange, up ? 200 : 503, body, "application/json");
    }

    private static void answer(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        cluster.close();
        loops.meterOff(registry);
        Metrics.removeRegistry(registry);
        registry.close();
    }
}
