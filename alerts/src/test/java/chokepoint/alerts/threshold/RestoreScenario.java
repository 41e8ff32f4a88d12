package chokepoint.alerts.threshold;

import chokepoint.alerts.DriverProperties;
import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.Indicator;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.topics.Lane;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Indicators through three rules (a count, a severity sum, a rate against its baseline) over seventeen days: breaches
 * fire, are updated, resolve, fire again, and the daily forgetting runs. Run whole by one application, it gives the
 * breaches; stopped before some of the indicators, it gives what the stores' changelogs held then, for a new
 * application to restore. The changelogs and breaches of the build before the fourth round (main at 812041f) were
 * recorded by {@link #main} into {@code changelogs-812041f.txt}, so that this build is shown to carry on from them.
 */
final class RestoreScenario {

    static final List<String> STORES = List.of("threshold-counted", "threshold-groups", "threshold-refs",
            "threshold-episodes", "threshold-pending", "threshold-due");
    /** Before these indicators the changelogs are taken: mid-window below the level (2), then while breaches fire. */
    static final List<Integer> RESTORE_BEFORE = List.of(2, 4, 7, 11, 15);
    static final String RECORDING = "changelogs-812041f.txt";

    private static final Instant T0 = Instant.parse("2025-10-09T00:00:00Z");
    private static final int[] HOURS = {0, 20, 30, 50, 60, 70, 74, 100, 170, 180, 182, 185, 260, 300, 301, 302, 420};
    private static final List<String> RULES = List.of("""
            id: ec-three
            name: Export controls, 3 in 7 days
            measures: [EXPORT_CONTROL]
            window: 7d
            threshold: 3
            """, """
            id: ec-heavy
            name: Export controls, severity 12 in 3 days
            kind: severity-sum
            measures: [EXPORT_CONTROL]
            window: 3d
            threshold: 12
            """, """
            id: ec-rate
            name: Export controls, three times the 10-day rate in a day
            kind: rate
            measures: [EXPORT_CONTROL]
            window: 1d
            baseline: 10d
            threshold: 2
            factor: 3
            """);

    /**
     * What one run saw: each breach as a line, led by the index of the indicator that made it; the records each store's
     * changelog received before each restore point and after the one before it.
     */
    record Run(List<String> breaches, Map<Integer, Map<String, List<KeyValue<byte[], byte[]>>>> changelogs) {

        /** Every record each store's changelog held before indicator {@code before}, in order. */
        Map<String, List<KeyValue<byte[], byte[]>>> upTo(int before) {
            Map<String, List<KeyValue<byte[], byte[]>>> held = new LinkedHashMap<>();
            changelogs.forEach((point, records) -> {
                if (point <= before) {
                    records.forEach((store, some) -> held.computeIfAbsent(store, ignored -> new ArrayList<>()).addAll(some));
                }
            });
            return held;
        }

        /** The breaches made by indicator {@code from} and after it. */
        List<String> breachesFrom(int from) {
            return breaches.stream().filter(line -> Integer.parseInt(line.substring(0, line.indexOf(' '))) >= from).toList();
        }
    }

    private RestoreScenario() {
    }

    static int indicators() {
        return HOURS.length;
    }

    /**
     * Indicators {@code from} onwards through a new application whose stores are first given {@code restored} (every
     * record of each store's changelog, in order, as a restoration writes them); the changelogs are taken before each
     * of {@code takeBefore}.
     */
    static Run run(int from, Map<String, List<KeyValue<byte[], byte[]>>> restored, List<Integer> takeBefore) {
        List<String> breaches = new ArrayList<>();
        Map<Integer, Map<String, List<KeyValue<byte[], byte[]>>>> taken = new LinkedHashMap<>();
        try (TopologyTestDriver driver = started()) {
            restore(driver, restored);
            for (int i = from; i < HOURS.length; i++) {
                if (takeBefore.contains(i)) {
                    taken.put(i, collect(driver));
                }
                String id = "r" + i;
                Instant at = T0.plus(Duration.ofHours(HOURS[i]));
                driver.createInputTopic(Topics.INDICATORS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                        .pipeInput(id, Topics.INDICATORS.valueSerde().serializer().serialize("t", indicator(id, at, 3 + 2 * (i % 3))), at);
                int made = i;
                driver.createOutputTopic(Topics.BREACHES.name(), Topics.BREACHES.keySerde().deserializer(),
                        Topics.BREACHES.valueSerde().deserializer()).readValuesToList()
                        .forEach(breach -> breaches.add(made + " " + line(breach)));
            }
        }
        return new Run(breaches, taken);
    }

    private static String line(Breach breach) {
        return breach.id() + " " + breach.state() + " " + breach.count() + " " + breach.value() + " " + breach.firedAt()
                + " " + breach.updatedAt() + " " + breach.indicators().stream().map(Breach.IndicatorRef::id).toList();
    }

    private static TopologyTestDriver started() {
        TopologyTestDriver started = new TopologyTestDriver(ThresholdTopology.build(Lane.live(), 3, Duration.ZERO),
                DriverProperties.of("threshold-restore-scenario"));
        // The rules' store is not kept: every instance reads the rules topic again at its start.
        for (String yaml : RULES) {
            ThresholdRule rule = new ConfigLoader(Map.of()).readRule(yaml);
            started.createInputTopic(Topics.RULES.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                    .pipeInput(rule.id(), Topics.RULES.valueSerde().serializer().serialize("t", rule));
        }
        return started;
    }

    /** What each store's changelog received since the last look. */
    private static Map<String, List<KeyValue<byte[], byte[]>>> collect(TopologyTestDriver from) {
        Map<String, List<KeyValue<byte[], byte[]>>> changelogs = new LinkedHashMap<>();
        for (String store : STORES) {
            changelogs.put(store, from.createOutputTopic("threshold-restore-scenario-" + store + "-changelog",
                    Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()).readKeyValuesToList());
        }
        return changelogs;
    }

    @SuppressWarnings("unchecked")
    static void restore(TopologyTestDriver into, Map<String, List<KeyValue<byte[], byte[]>>> changelogs) {
        changelogs.forEach((store, records) -> {
            KeyValueStore<Bytes, byte[]> raw = (KeyValueStore<Bytes, byte[]>)
                    ((WrappedStateStore<?, ?, ?>) into.getKeyValueStore(store)).wrapped();
            records.forEach(record -> {
                if (record.value == null) {
                    raw.delete(Bytes.wrap(record.key));
                } else {
                    raw.put(Bytes.wrap(record.key), record.value);
                }
            });
        });
    }

    private static Indicator indicator(String id, Instant at, int severity) {
        return new Indicator(id, id, "src", "rss", "https://example.org/" + id, "China imposes export controls " + id,
                Measure.EXPORT_CONTROL, Stage.IMPOSED, "CN", List.of("US"), List.of("semiconductors"), List.of(), List.of(),
                List.of(), severity, List.of(), List.of(), "v1", List.of(), at, at);
    }

    /**
     * The recorded run: breaches, then the changelogs' records taken at each restore point, one record a line (Base64;
     * "-" a deletion).
     */
    static String write(Run run) {
        StringBuilder out = new StringBuilder();
        Base64.Encoder base64 = Base64.getEncoder();
        run.breaches().forEach(breach -> out.append("breach ").append(breach).append('\n'));
        run.changelogs().forEach((before, changelogs) -> changelogs.forEach((store, records) -> records.forEach(record ->
                out.append("changelog ").append(before).append(' ').append(store).append(' ')
                        .append(base64.encodeToString(record.key)).append(' ')
                        .append(record.value == null ? "-" : base64.encodeToString(record.value)).append('\n'))));
        return out.toString();
    }

    static Run read(List<String> lines) {
        List<String> breaches = new ArrayList<>();
        Map<Integer, Map<String, List<KeyValue<byte[], byte[]>>>> changelogs = new LinkedHashMap<>();
        Base64.Decoder base64 = Base64.getDecoder();
        for (String line : lines) {
            if (line.startsWith("breach ")) {
                breaches.add(line.substring("breach ".length()));
            } else if (line.startsWith("changelog ")) {
                String[] field = line.split(" ");
                changelogs.computeIfAbsent(Integer.parseInt(field[1]), ignored -> new LinkedHashMap<>())
                        .computeIfAbsent(field[2], ignored -> new ArrayList<>())
                        .add(KeyValue.pair(base64.decode(field[3]), field[4].equals("-") ? null : base64.decode(field[4])));
            }
        }
        return new Run(breaches, changelogs);
    }

    /**
     * Records the run of the build on the class path first:
     * {@code java -cp OLD-benchmarks.jar:alerts/target/test-classes chokepoint.alerts.threshold.RestoreScenario FILE}.
     */
    public static void main(String[] args) throws IOException {
        String header = "# RestoreScenario run by " + (args.length > 1 ? args[1] : "this build") + "\n";
        Files.writeString(Path.of(args[0]), header + write(run(0, Map.of(), RESTORE_BEFORE)), StandardCharsets.UTF_8);
    }
}
