package chokepoint.benchmarks;

import chokepoint.alerts.threshold.ThresholdTopology;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Indicator;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * Indicators per second through the threshold topology (select by the rules in force, repartition, window
 * evaluation with a RocksDB store, breach output) with 10, 100 and 1,000 rules, driven by
 * {@code TopologyTestDriver} in one thread: the processing cost, without broker round trips.
 * Run: {@code benchmarks/run ThresholdBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseSerialGC"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class ThresholdBenchmark {

    private static final int BATCH = 100;
    private static final String[] ACTORS = {"CN", "US", "EU", "JP", "RU", "IN", "KR", "GB", "TR", "BR"};
    private static final Measure[] MEASURES = {Measure.EXPORT_CONTROL, Measure.TARIFF, Measure.SANCTION_LISTING,
            Measure.IMPORT_RESTRICTION, Measure.TRADE_DEFENSE};

    @Param({"10", "100", "1000"})
    public int rules;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> indicators;
    private TestOutputTopic<String, byte[]> breaches;
    private long sequence;
    private Instant clock = Instant.parse("2025-01-01T00:00:00Z");

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "threshold-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("threshold-bench").toString());
        driver = new TopologyTestDriver(ThresholdTopology.build(chokepoint.topics.Lane.live(), 3, ThresholdTopology.UPDATE_INTERVAL), props);
        indicators = driver.createInputTopic(Topics.INDICATORS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        breaches = driver.createOutputTopic(Topics.BREACHES.name(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        TestInputTopic<String, byte[]> ruleTopic = driver.createInputTopic(Topics.RULES.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        // Rules that select different slices, so that an indicator matches a few of them, as real rule sets do.
        for (int i = 0; i < rules; i++) {
            ThresholdRule rule = new ThresholdRule("rule-" + i, "rule " + i, i % 4 == 3 ? ThresholdRule.SEVERITY_SUM : ThresholdRule.COUNT,
                    List.of(MEASURES[i % MEASURES.length].name()), List.of(), List.of(ACTORS[(i / 5) % ACTORS.length]),
                    List.of(), List.of(), List.of(), 0, i % 2 == 0 ? "actor" : "actor-target", Duration.ofDays(7),
                    10 + i % 20, null, 0, null);
            ruleTopic.pipeInput(rule.id(), Topics.RULES.valueSerde().serializer().serialize("t", rule));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int indicators() {
        for (int i = 0; i < BATCH; i++) {
            long n = sequence++;
            clock = clock.plusSeconds(600);
            Indicator indicator = new Indicator("i" + n, "i" + n, "src", "rss", "https://example.org/" + n, "title " + n,
                    MEASURES[(int) (n % MEASURES.length)], Stage.IMPOSED, ACTORS[(int) (n % ACTORS.length)],
                    List.of(ACTORS[(int) ((n + 3) % ACTORS.length)]), List.of("steel"), List.of(), List.of(), List.of(), 5,
                    List.of(), List.of(), "v1", List.of(), clock, clock);
            indicators.pipeInput(indicator.id(), Topics.INDICATORS.valueSerde().serializer().serialize("t", indicator), clock);
        }
        // A batch stands for a tenth of a second at a thousand indicators a second: the wall clock the coalesced
        // breach updates are paced by moves as much.
        driver.advanceWallClockTime(java.time.Duration.ofMillis(100));
        return breaches.readValuesToList().size();
    }
}
