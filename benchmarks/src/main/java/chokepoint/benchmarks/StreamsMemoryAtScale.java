package chokepoint.benchmarks;

import chokepoint.alerts.threshold.ThresholdTopology;
import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Measure;
import chokepoint.streams.topology.ClassifyTopology;
import chokepoint.topics.Lane;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The memory and disk the classifier's stateful topology (story router, fusion, register) and the threshold topology
 * hold over simulated days at a given volume: the real topologies, built by the functions the services use, under
 * {@link TopologyTestDriver} with their real RocksDB stores, time advancing with the items (stream time for the
 * prunings and punctuations, the driver's wall clock moved an hour per simulated hour). Printed per day: heap in use
 * after a full collection, resident memory, the state directory on disk, the records of each store (RocksDB's
 * estimate; read through on the last day) and the records written to each changelog.
 * <p>
 * Items come classified beforehand ({@link NewsAtScale}): classification is stateless, and 30 M items through it take
 * about two hours here. The thresholds run is a second process over the indicators the classifier run emitted (the
 * events whose id is not plain news: those select no rule), so that each heap figure is one component's.
 *
 * <pre>
 * classifier  [items a day] [days] [days at full volume] [items a day after them] [indicators file]
 * thresholds  [indicators file] [generated rules beside the shipped ones]
 * </pre>
 */
public final class StreamsMemoryAtScale {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private StreamsMemoryAtScale() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("thresholds")) {
            thresholds(Path.of(arg(args, 1, "target/indicators-at-scale.bin")), Integer.parseInt(arg(args, 2, "100")));
        } else {
            classifier(Long.parseLong(arg(args, 1, "1000000")), Integer.parseInt(arg(args, 2, "30")),
                    Integer.parseInt(arg(args, 3, arg(args, 2, "30"))), Long.parseLong(arg(args, 4, "100000")),
                    Path.of(arg(args, 5, "target/indicators-at-scale.bin")));
        }
    }

    private static String arg(String[] args, int i, String otherwise) {
        return args.length > i ? args[i] : otherwise;
    }

    private static void classifier(long perDay, int days, int fullDays, long reducedPerDay, Path indicatorsOut)
            throws IOException {
        long started = System.nanoTime();
        NewsAtScale news = NewsAtScale.fromCorpus(3_000);
        System.out.printf("classifier topology (route, fuse, register), items classified beforehand: %,d a day for %d days, "
                        + "then %,d a day to day %d; %,d words, %d indicator shapes; max heap %,d MB%n", perDay, fullDays,
                reducedPerDay, days, news.vocabularySize(), news.indicatorShapes(), Runtime.getRuntime().maxMemory() >> 20);
        Topology topology = ClassifyTopology.build(news, ClassifyTopology.DEFAULT_PARTITIONS);
        Path kept = keptStateDir();
        RunProgress before = kept == null ? RunProgress.start() : RunProgress.read(kept);
        Path stateDir = kept == null ? stateDir("memory-classifier") : checkedKeptDir(kept, before);
        resume(news, before, indicatorsOut);
        Instant wallClock = START.plus(Duration.ofDays(before.day()));
        long[] emitted = {before.emitted()};
        long items = before.items();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props("chokepoint-classifier", stateDir), wallClock);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(indicatorsOut,
                     StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)))) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.ITEMS.name(), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            var itemBytes = Topics.ITEMS.valueSerde().serializer();
            StateFootprint footprint = new StateFootprint(driver, stateDir, before.written());
            Table table = new Table();
            table.baseline(StateFootprint.heapAfterGc());
            long secondsBefore = before.seconds() * 1_000_000_000L;
            for (int day = before.day() + 1; day <= days; day++) {
                long count = day <= fullDays ? perDay : reducedPerDay;
                long dayStart = START.toEpochMilli() + (day - 1) * DAY;
                news.copiesOfTheLatest(count / 4);
                for (int hour = 0; hour < 24; hour++) {
                    for (long n = count * hour / 24; n < count * (hour + 1) / 24; n++) {
                        Instant at = Instant.ofEpochMilli(dayStart + n * DAY / count);
                        var item = news.next(at);
                        in.pipeInput(item.id(), itemBytes.serialize(Topics.ITEMS.name(), item), at);
                        items++;
                    }
                    driver.advanceWallClockTime(Duration.ofHours(1));
                    footprint.drain((topic, record) -> {
                        if (topic.equals(Topics.INDICATORS.name()) && record.key() != null && record.key()[0] != 'n') {
                            write(out, record.timestamp(), record.key(), record.value());
                            emitted[0]++;
                        }
                    });
                }
                out.flush();
                table.row(day, items, footprint, day == days, started - secondsBefore);
                if (kept != null) {
                    saveOrStop(kept, day < days, new RunProgress(day, items, news.made(), news.acts(), emitted[0],
                            Files.size(indicatorsOut), (System.nanoTime() - started + secondsBefore) / 1_000_000_000L,
                            Files.exists(stopFile(kept)), footprint.written()));
                }
            }
            table.changelogs(footprint.written());
        }
        System.out.printf("%,d indicator records for the thresholds run written to %s; %.0f s%n", emitted[0], indicatorsOut,
                (System.nanoTime() - started + before.seconds() * 1e9) / 1e9);
    }

    /**
     * The state directory a run keeps between sittings ({@code -Dstate.dir=DIR}), or null for a fresh temporary one.
     * With it, the run saves its progress at the end of each day, stops at a day's end when {@code DIR.stop} exists,
     * and the same command goes on from the last whole day.
     */
    private static Path keptStateDir() throws IOException {
        String dir = System.getProperty("state.dir");
        return dir == null ? null : Files.createDirectories(Path.of(dir));
    }

    private static Path checkedKeptDir(Path kept, RunProgress before) throws IOException {
        try (var entries = Files.list(kept)) {
            if (before.day() == 0 && entries.findAny().isPresent()) {
                throw new IllegalStateException(kept + " holds state but no progress file beside it ("
                        + RunProgress.file(kept) + "): empty it or name another directory");
            }
        }
        return kept;
    }

    /** Saves a day's progress; when the stop file asks and days remain, stops here with the state kept. */
    private static void saveOrStop(Path stateDir, boolean daysRemain, RunProgress progress) throws IOException {
        progress.save(stateDir);
        if (progress.clean() && daysRemain) {
            System.out.printf("stopped after day %d as %s asks; the same command goes on from day %d%n", progress.day(),
                    stopFile(stateDir), progress.day() + 1);
            System.out.flush();
            Files.delete(stopFile(stateDir));
            // Not through the driver's close, which deletes the state directory the next sitting needs.
            Runtime.getRuntime().halt(0);
        }
    }

    private static Path stopFile(Path stateDir) {
        return stateDir.resolveSibling(stateDir.getFileName() + ".stop");
    }

    /**
     * Takes up a run where its progress says (a new run: at its start): the indicators file cut back to its last whole
     * day, the generator's ids after those it made. A sitting that was killed left part of a day in the stores: its ids are skipped as well
     * (ten billion further on), so no new item takes the id of one stored, and the rows say so.
     */
    private static void resume(NewsAtScale news, RunProgress before, Path indicatorsOut) throws IOException {
        try (var file = java.nio.channels.FileChannel.open(indicatorsOut, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            file.truncate(before.indicatorBytes());
        }
        if (before.day() == 0) {
            return;
        }
        long skipped = before.clean() ? 0 : 10_000_000_000L;
        news.resume(before.made() + skipped, before.acts() + skipped);
        System.out.printf("resumed after day %d (%,d items, %,d indicator records, %,d s so far)%s%n", before.day(),
                before.items(), before.emitted(), before.seconds(), before.clean() ? ""
                        : "; the last sitting was killed mid-day: the stores keep what it stored of day " + (before.day() + 1)
                        + " besides");
    }

    private static void thresholds(Path indicatorsIn, int generatedRules) throws IOException {
        long started = System.nanoTime();
        List<ThresholdRule> rules = new ArrayList<>(ConfigLoader.fromSystemEnvironment().load(Path.of("chokepoint.yml")).rules());
        int shipped = rules.size();
        rules.addAll(generated(generatedRules));
        System.out.printf("threshold topology: %d shipped rules + %d generated, indicators from %s; max heap %,d MB%n", shipped,
                generatedRules, indicatorsIn, Runtime.getRuntime().maxMemory() >> 20);
        Path stateDir = stateDir("memory-thresholds");
        Topology topology = ThresholdTopology.build(Lane.live(), ClassifyTopology.DEFAULT_PARTITIONS, ThresholdTopology.UPDATE_INTERVAL);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props("chokepoint-thresholds", stateDir), START);
             DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(indicatorsIn)))) {
            TestInputTopic<String, byte[]> ruleTopic = driver.createInputTopic(Topics.RULES.name(), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            for (ThresholdRule rule : rules) {
                ruleTopic.pipeInput(rule.id(), Topics.RULES.valueSerde().serializer().serialize(Topics.RULES.name(), rule), START);
            }
            TestInputTopic<String, byte[]> indicators = driver.createInputTopic(Topics.INDICATORS.name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            StateFootprint footprint = new StateFootprint(driver, stateDir, Map.of());
            Table table = new Table();
            table.baseline(StateFootprint.heapAfterGc());
            long wall = START.toEpochMilli();
            long records = 0;
            int day = 1;
            while (true) {
                long at;
                byte[] key;
                byte[] value;
                try {
                    at = in.readLong();
                    key = exactly(in, in.readInt());
                    value = exactly(in, in.readInt());
                } catch (EOFException end) {
                    break;  // the end, or a record cut short (a copy of the file of a classifier run still going)
                }
                while (at >= wall + HOUR) {
                    wall += HOUR;
                    driver.advanceWallClockTime(Duration.ofHours(1));
                    footprint.drain((topic, record) -> { });
                    if (wall >= START.toEpochMilli() + day * DAY) {
                        table.row(day++, records, footprint, false, started);
                    }
                }
                indicators.pipeInput(new String(key, StandardCharsets.UTF_8), value, at);
                records++;
            }
            footprint.drain((topic, record) -> { });
            table.row(day, records, footprint, true, started);
            table.changelogs(footprint.written());
        }
        System.out.printf("%.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** Rules shaped as ThresholdBenchmark's: one measure of one actor each, by actor or actor and target, 7 days. */
    private static List<ThresholdRule> generated(int count) {
        String[] actors = {"CN", "US", "EU", "JP", "RU", "IN", "KR", "GB", "TR", "BR"};
        Measure[] measures = {Measure.EXPORT_CONTROL, Measure.TARIFF, Measure.SANCTION_LISTING, Measure.IMPORT_RESTRICTION,
                Measure.TRADE_DEFENSE};
        List<ThresholdRule> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rules.add(new ThresholdRule("rule-" + i, "rule " + i, i % 4 == 3 ? ThresholdRule.SEVERITY_SUM : ThresholdRule.COUNT,
                    List.of(measures[i % measures.length].name()), List.of(), List.of(actors[(i / 5) % actors.length]),
                    List.of(), List.of(), List.of(), 0, i % 2 == 0 ? "actor" : "actor-target", Duration.ofDays(7),
                    10 + i % 20, null, 0, null));
        }
        return rules;
    }

    /** Under {@code -Dstate.parent=DIR} when given (a tmpfs spares the disk the driver's per-record flushes), else in /tmp. */
    private static Path stateDir(String prefix) throws IOException {
        String parent = System.getProperty("state.parent");
        return parent == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(Path.of(parent), prefix);
    }

    private static Properties props(String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    private static byte[] exactly(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static void write(DataOutputStream out, long at, byte[] key, byte[] value) {
        try {
            out.writeLong(at);
            out.writeInt(key.length);
            out.write(key);
            out.writeInt(value.length);
            out.write(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The table printed as the days go: a header once the stores are known, a row per day. */
    private static final class Table {
        private long baseline;
        private boolean headed;

        void baseline(long heap) {
            this.baseline = heap;
            System.out.printf("heap in use before the topology's first record (driver, generator, JVM): %,d MB%n", heap >> 20);
        }

        void row(int day, long items, StateFootprint footprint, boolean exact, long started) {
            Map<String, Long> stores = footprint.storeRecords(exact);
            if (!headed) {
                headed = true;
                System.out.println("| day | records in | heap after GC MB | RSS MB | state on disk MB | "
                        + String.join(" | ", stores.keySet()) + " | s |");
                System.out.println("|---".repeat(stores.size() + 6) + "|");
            }
            StringBuilder line = new StringBuilder(String.format("| %d%s | %,d | %,d | %,d | %,d |", day, exact ? " (exact)" : "",
                    items, StateFootprint.heapAfterGc() >> 20, StateFootprint.residentBytes() >> 20, footprint.diskBytes() >> 20));
            stores.values().forEach(n -> line.append(String.format(" %,d |", n)));
            line.append(String.format(" %.0f |", (System.nanoTime() - started) / 1e9));
            System.out.println(line);
            System.out.flush();
        }

        void changelogs(Map<String, long[]> written) {
            System.out.println();
            System.out.println("| topic | records written | MB written | largest record, bytes |");
            System.out.println("|---|---|---|---|");
            written.forEach((topic, n) -> System.out.printf("| %s | %,d | %,d | %,d |%n", topic, n[0], n[1] >> 20, n[2]));
        }
    }
}
