package chokepoint.benchmarks;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link ThresholdBenchmark}'s own set-up and batches timed by this thread's CPU time, not the wall clock, so that two
 * builds can be compared on a machine other work shares; and the records the topology produces per indicator, by
 * topic (changelogs, the repartition topic), which the test driver handles one by one. The Serial collector's time is
 * not this thread's: GC is left out.
 * <pre>
 * java -Xmx1g -XX:+UseSerialGC -cp benchmarks.jar chokepoint.benchmarks.ThresholdCost 1000
 * java -Xmx1g -XX:+UseSerialGC -cp OLD-benchmarks.jar:benchmarks.jar chokepoint.benchmarks.ThresholdCost 1000
 * </pre>
 * (the second measures an older build: its classes come first, this one from the newer jar).
 */
public final class ThresholdCost {

    private static final int WARM_BATCHES = 30;
    private static final int BATCHES = 60;

    private ThresholdCost() {
    }

    public static void main(String[] args) throws Exception {
        ThresholdBenchmark bench = new ThresholdBenchmark();
        bench.rules = Integer.parseInt(args[0]);
        bench.setUp();
        // The driver is the benchmark's own field; read so that older builds of the benchmark serve as they are.
        java.lang.reflect.Field field = ThresholdBenchmark.class.getDeclaredField("driver");
        field.setAccessible(true);
        TopologyTestDriver driver = (TopologyTestDriver) field.get(bench);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARM_BATCHES; i++) {
            bench.indicators();
        }
        Map<String, Long> before = produced(driver);
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < BATCHES; i++) {
            bench.indicators();
        }
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        wall = System.nanoTime() - wall;
        double indicators = BATCHES * 100.0;
        System.out.printf("rules=%d indicators=%.0f per-cpu-second=%.0f per-wall-second=%.0f%n", bench.rules, indicators,
                indicators / (cpu / 1e9), indicators / (wall / 1e9));
        Map<String, Long> after = produced(driver);
        double total = 0;
        for (Map.Entry<String, Long> topic : after.entrySet()) {
            double perIndicator = (topic.getValue() - before.getOrDefault(topic.getKey(), 0L)) / indicators;
            total += perIndicator;
            System.out.printf("%7.2f records per indicator to %s%n", perIndicator, topic.getKey());
        }
        System.out.printf("%7.2f records per indicator in all%n", total);
        bench.tearDown();
    }

    /** Records produced so far and not read, by topic (the benchmark reads the breaches it makes). */
    private static Map<String, Long> produced(TopologyTestDriver driver) {
        Map<String, Long> counts = new TreeMap<>();
        for (String topic : driver.producedTopicNames()) {
            counts.put(topic, driver.createOutputTopic(topic, Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer()).getQueueSize());
        }
        return counts;
    }
}
