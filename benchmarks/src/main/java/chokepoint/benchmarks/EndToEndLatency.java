package chokepoint.benchmarks;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.deploy.LocalFeeds;
import chokepoint.deploy.Pipeline;
import org.apache.kafka.common.test.KafkaClusterTestKit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end latency under steady load: from a notice appearing in a source's feed to the Slack receiver holding
 * the breach it raises, through the whole pipeline on a real broker in this JVM (ingest polling every second,
 * classifier, thresholds, delivery). One signal notice a second, each a new actor→target pair (so each raises a
 * breach of its own), among a steady stream of unrelated news. Run: {@code benchmarks/run-latency [seconds]
 * [background items a second]}.
 */
public final class EndToEndLatency {

    private static final List<String> ACTORS = List.of("US", "CN", "JP", "GB", "NL", "DE", "FR", "KR", "IN", "CA");
    private static final List<String> TARGETS = List.of("Italy", "Spain", "Poland", "Sweden", "Brazil", "Mexico", "Australia",
            "Vietnam", "Belgium", "Austria", "Denmark", "Finland", "Portugal", "Greece", "Chile");
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern SIGNAL = Pattern.compile("Signal S(\\d+):");

    private final Map<Integer, Long> released = new ConcurrentHashMap<>();
    private final Map<Integer, Long> received = new ConcurrentHashMap<>();
    private volatile long start;
    private final int backgroundPerSecond;

    private EndToEndLatency(int backgroundPerSecond) {
        this.backgroundPerSecond = backgroundPerSecond;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        int background = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        new EndToEndLatency(background).run(Math.min(seconds, ACTORS.size() * TARGETS.size()));
    }

    private void run(int seconds) throws Exception {
        LocalFeeds feeds = LocalFeeds.start(path -> rss(path.replace("/feed-", "").replace(".xml", "")), message -> {
            long now = System.currentTimeMillis();
            Matcher matcher = SIGNAL.matcher(message);
            while (matcher.find()) {
                received.putIfAbsent(Integer.parseInt(matcher.group(1)), now);
            }
        });
        Path dir = Files.createTempDirectory("chokepoint-latency");
        try (KafkaClusterTestKit cluster = InJvmCluster.start();
             Pipeline pipeline = Pipeline.start(config(dir, cluster.bootstrapServers(), feeds))) {
            System.err.printf("pipeline running; %d signals, one a second, among %d unrelated items a second%n", seconds, backgroundPerSecond);
            start = System.currentTimeMillis();
            for (int k = 0; k < seconds; k++) {
                long due = start + k * 1000L;
                Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
                released.put(k, System.currentTimeMillis());
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (received.size() < seconds && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
        } finally {
            feeds.close();
        }
        List<Long> latencies = new ArrayList<>();
        released.forEach((k, at) -> {
            Long got = received.get(k);
            if (got != null) {
                latencies.add(got - at);
            }
        });
        latencies.sort(Long::compare);
        System.out.println();
        System.out.println("| end-to-end latency, notice in feed → breach at Slack receiver (ingest polls every 1 s) | ms |");
        System.out.println("|---|---|");
        System.out.printf("| signals released / received | %d / %d |%n", released.size(), latencies.size());
        System.out.printf("| unrelated items a second alongside | %d |%n", backgroundPerSecond);
        System.out.printf("| p50 | %d |%n", percentile(latencies, 0.50));
        System.out.printf("| p90 | %d |%n", percentile(latencies, 0.90));
        System.out.printf("| p99 | %d |%n", percentile(latencies, 0.99));
        System.out.printf("| max | %d |%n", latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
    }

    private static long percentile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** The actor's feed: its released signals and the newest unrelated items, newest first. */
    private String rss(String actor) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>")
                .append(actor).append("</title><link>https://latency.example/</link><description>x</description>");
        released.forEach((k, at) -> {
            if (ACTORS.get(k % ACTORS.size()).equals(actor)) {
                String target = TARGETS.get((k / ACTORS.size()) % TARGETS.size());
                xml.append("<item><guid isPermaLink=\"false\">signal-").append(k).append("</guid><title>Signal S").append(k)
                        .append(": export licensing requirement imposed on gallium exports to ").append(target).append("</title>")
                        .append("<link>https://www.federalregister.gov/documents/2026/11/28/2026-").append(String.format("%05d", 50000 + k))
                        .append("/signal</link><description>A license requirement is imposed on exports of gallium to ")
                        .append(target).append(".</description><pubDate>").append(RFC_1123.format(Instant.ofEpochMilli(at)))
                        .append("</pubDate></item>");
            }
        });
        if (start > 0) {
            long now = System.currentTimeMillis();
            long total = (now - start) * backgroundPerSecond / 1000 / ACTORS.size();
            for (long n = Math.max(0, total - 60); n < total; n++) {
                xml.append("<item><guid isPermaLink=\"false\">news-").append(actor).append('-').append(n)
                        .append("</guid><title>Bakery chain opens store number ").append(n).append(" in ").append(actor)
                        .append(" town centre</title><link>https://news.example/").append(actor).append('/').append(n)
                        .append("</link><description>The chain said sales rose.</description><pubDate>")
                        .append(RFC_1123.format(Instant.ofEpochMilli(start + n * 1000L * ACTORS.size() / Math.max(1, backgroundPerSecond))))
                        .append("</pubDate></item>");
            }
        }
        return xml.append("</channel></rss>").toString();
    }

    private static ChokepointConfig config(Path dir, String bootstrap, LocalFeeds feeds) throws Exception {
        StringBuilder sources = new StringBuilder();
        for (String actor : ACTORS) {
            sources.append("  - id: latency-").append(actor.toLowerCase()).append("\n    kind: rss\n    url: http://127.0.0.1:")
                    .append(feeds.port()).append("/feed-").append(actor).append(".xml\n    interval: 1s\n    jurisdiction: ")
                    .append(actor).append("\n    lang: en\n");
        }
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, """
                data-dir: ./data
                kafka:
                  bootstrap-servers: "%s"
                  application-prefix: latency
                http:
                  port: 0
                """.formatted(bootstrap) + feeds.alertingYaml(sources.toString(), "latency",
                "Export controls per actor and target", "latency-receiver", "0s"));
        return new ConfigLoader(Map.of()).load(file);
    }
}
