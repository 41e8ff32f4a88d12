package chokepoint.benchmarks;

import chokepoint.alerts.replay.ReplayRequest;
import chokepoint.alerts.replay.ReplayResult;
import chokepoint.alerts.replay.ReplayRun;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.Item;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.test.KafkaClusterTestKit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * What a replay of a short range costs inside a long history: a year of items on a real broker in this JVM, then
 * replays of one day at the start and at the end of the year, a week, a month and the whole year, with the shipped
 * threshold rules (whose windows are warmed up before the range) and with none. Prints a table of items in the range,
 * items read, seconds and seconds per thousand items of the range. Run: {@code benchmarks/run-replay [items a day]}.
 */
public final class ReplayScaling {

    private static final Instant YEAR = Instant.parse("2025-01-01T00:00:00Z");

    private record Range(String name, Instant from, Instant to) {
    }

    public static void main(String[] args) throws Exception {
        int perDay = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        List<Range> ranges = List.of(
                new Range("1 day, start of the year", YEAR, YEAR.plus(Duration.ofDays(1))),
                new Range("1 day, end of the year", YEAR.plus(Duration.ofDays(364)), YEAR.plus(Duration.ofDays(365))),
                new Range("7 days, mid-year", YEAR.plus(Duration.ofDays(180)), YEAR.plus(Duration.ofDays(187))),
                new Range("30 days, mid-year", YEAR.plus(Duration.ofDays(180)), YEAR.plus(Duration.ofDays(210))),
                new Range("the whole year", YEAR, YEAR.plus(Duration.ofDays(365))));
        ConfigLoader loader = ConfigLoader.fromSystemEnvironment();
        List<ThresholdRule> shipped = loader.load(Path.of("chokepoint.yml")).rules();
        try (KafkaClusterTestKit cluster = InJvmCluster.start()) {
            String bootstrap = cluster.bootstrapServers();
            try (Admin admin = cluster.admin()) {
                TopicSetup.ensure(admin, 3, (short) 1);
            }
            long start = System.nanoTime();
            int items = preload(bootstrap, perDay);
            System.err.printf("pre-loaded %,d items (%d a day over 2025) in %.1f s%n", items, perDay, (System.nanoTime() - start) / 1e9);
            // One replay first, unmeasured: the JIT and the broker's caches.
            replay(bootstrap, "warm-up", ranges.get(0), List.of());
            System.out.println();
            System.out.println("| range | rules | items in range | seconds | s per 1,000 items of the range |");
            System.out.println("|---|---|---|---|---|");
            int round = 0;
            for (Range range : ranges) {
                for (boolean withRules : List.of(false, true)) {
                    ReplayResult result = replay(bootstrap, "r" + round++, range, withRules ? shipped : List.of());
                    System.out.printf("| %s | %s | %,d | %.1f | %.2f |%n", range.name(), withRules ? "shipped (warm-up up to 90 d + grace)" : "none",
                            result.itemsRead(), result.seconds(), result.seconds() * 1000 / Math.max(1, result.itemsRead()));
                }
            }
        }
    }

    private static ReplayResult replay(String bootstrap, String id, Range range, List<ThresholdRule> rules) throws Exception {
        ChokepointConfig config = ConfigLoader.fromSystemEnvironment().defaults()
                .withDataDir(Files.createTempDirectory("bench-replay"));
        return new ReplayRun("bench-" + id, config, KafkaClients.of(bootstrap),
                new ReplayRequest(range.from(), range.to(), rules, null), p -> {
        }).run();
    }

    private static String rotate(String text, int words) {
        String[] all = text.split(" ");
        int k = words % all.length;
        StringBuilder rotated = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            rotated.append(all[(i + k) % all.length]).append(' ');
        }
        return rotated.toString().trim();
    }

    /** A year of items, in the order they were published, dated by their publication. */
    private static int preload(String bootstrap, int perDay) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        List<String> texts = BenchmarkTexts.texts(200, 1024);
        long step = 86_400_000L / perDay;
        int n = 0;
        try (KafkaProducer<String, Item> producer = new KafkaProducer<>(props, Topics.ITEMS.keySerde().serializer(),
                Topics.ITEMS.valueSerde().serializer())) {
            for (int day = 0; day < 365; day++) {
                for (int i = 0; i < perDay; i++, n++) {
                    Instant at = YEAR.plusMillis(day * 86_400_000L + i * step);
                    // Rotated by a few words per cycle through the texts, so that the same words come back only weeks
                    // later: copies days apart would be fused into one ever-growing event, which is not what is measured.
                    String text = rotate(texts.get(n % texts.size()), (n / texts.size()) % 50);
                    Item item = new Item("bench:" + n, "bench", "rss", "US",
                            "https://www.federalregister.gov/documents/2025/01/01/" + String.format("2025-%05d", n % 100_000) + "/x",
                            text.substring(0, 80), text, "en", at, null, at, "h" + n);
                    producer.send(new ProducerRecord<>(Topics.ITEMS.name(), null, at.toEpochMilli(), item.id(), item));
                }
            }
        }
        return n;
    }
}
