package chokepoint.benchmarks;

import chokepoint.kafka.KafkaClients;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.ingest.IngestWorker;
import chokepoint.run.RunningLoops;
import chokepoint.topics.TopicSetup;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cost of watching many quiet sources: one ingest worker polls N local feeds that answer 304 Not Modified to
 * its conditional GET, and the CPU the process spends per polling cycle is measured after the first cycle (which
 * fetches and publishes every feed once). The broker runs in the same JVM, so its share is included.
 * Run: {@code benchmarks/run-poll-cost [sources] [interval-seconds] [cycles]}.
 */
public final class PollCycleCost {

    public static void main(String[] args) throws Exception {
        int sources = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int intervalSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        AtomicLong notModified = new AtomicLong();
        AtomicLong full = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/feed/", exchange -> {
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            full.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            byte[] body = ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>https://x.org/</link>"
                    + "<description>d</description><item><guid>" + path + "</guid><title>Notice " + path + "</title>"
                    + "<link>https://x.org" + path + "</link></item></channel></rss>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("ETag", "\"v1\"");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String hostPort = "127.0.0.1:" + server.getAddress().getPort();
        try (KafkaClusterTestKit cluster = InJvmCluster.start()) {
            try (var admin = cluster.admin()) {
                TopicSetup.ensure(admin, 3, (short) 1);
            }
            Path dir = Files.createTempDirectory("poll-cost");
            StringBuilder yaml = new StringBuilder("data-dir: ./data\nkafka:\n  bootstrap-servers: \"" + cluster.bootstrapServers()
                    + "\"\n  application-prefix: poll-cost\ningest:\n  politeness-delay: 0s\n  allowed-private: [\"" + hostPort
                    + "\"]\nsources:\n");
            for (int n = 0; n < sources; n++) {
                yaml.append("  - id: s").append(n).append("\n    kind: rss\n    url: http://").append(hostPort).append("/feed/")
                        .append(n).append("\n    interval: ").append(intervalSeconds).append("s\n");
            }
            Files.writeString(dir.resolve("chokepoint.yml"), yaml);
            ChokepointConfig config = new ConfigLoader(java.util.Map.of()).load(dir.resolve("chokepoint.yml"));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            try (IngestWorker worker = new IngestWorker(config, KafkaClients.of(cluster.bootstrapServers()), "bench", new RunningLoops())) {
                worker.start();
                while (full.get() < sources) {
                    Thread.sleep(200);
                }
                System.err.printf("first cycle done: %d feeds fetched and published%n", full.get());
                Thread.sleep(intervalSeconds * 1000L / 2);  // settle between cycles
                long cpuBefore = os.getProcessCpuTime();
                long notModifiedBefore = notModified.get();
                long start = System.nanoTime();
                Thread.sleep(cycles * intervalSeconds * 1000L);
                double cpuMs = (os.getProcessCpuTime() - cpuBefore) / 1e6;
                double wallMs = (System.nanoTime() - start) / 1e6;
                long polls = notModified.get() - notModifiedBefore;
                System.out.printf("%n| sources | interval | polls answered 304 | CPU per cycle (process) | CPU per poll | CPU share of 2 cores |%n");
                System.out.printf("|---|---|---|---|---|---|%n| %d | %ds | %d in %d cycles | %.0f ms | %.0f µs | %.1f%% |%n",
                        sources, intervalSeconds, polls, cycles, cpuMs / cycles, cpuMs * 1000 / Math.max(1, polls),
                        100 * cpuMs / wallMs / 2);
            }
        } finally {
            server.stop(0);
        }
    }
}
