package chokepoint.streams.topology;

import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.records.Measure;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.streams.fuse.FuseProcessor;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fusion's state stays bounded: items with no measure (most of them) are kept as events for a week only, while a copy
 * may still join them, and events older than the horizon go with their identifiers. 480 simulated days of 50 items
 * a day, one in ten a measure: the events of measures grow for the first 400 days, then stay flat; those without a
 * measure stay at about a week's worth. (100 items a day took 51 s of the fast tier, most of it the daily pruning
 * reading every stored event; half as many give the same curve at half the height, and the bounds below are stated
 * per day, so a week's leak or a missing horizon fails as before.)
 */
class FusionStateGrowthTest {

    private static final int ITEMS_PER_DAY = 50;
    /** One item in ten names a measure; the rest are news without one. */
    private static final int MEASURES_PER_DAY = ITEMS_PER_DAY / 10;
    private static final int NONE_PER_DAY = ITEMS_PER_DAY - MEASURES_PER_DAY;

    private static final String[] WORDS = ("alpha bravo copper delta ember falcon garnet harbor indigo jasper kelp lumen "
            + "marble nectar onyx pewter quartz russet sable tundra umber velvet willow xenon yarrow zephyr basalt cobalt "
            + "dune fjord glacier heron iris juniper kestrel lagoon mesa nimbus orchid prairie quarry reef sierra tamarind").split(" ");

    @Test
    void eventsOfMeasuresOnlyAndNoneOlderThanTheHorizon() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fusion-growth-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/fusion-growth-" + System.nanoTime());
        Random random = new Random(11);
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        List<long[]> growth = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ClassifyTopology.build(new Classifier(RuleSet.bundled(),
                Clock.systemUTC())), props)) {
            TestInputTopic<String, byte[]> items = driver.createInputTopic(Topics.ITEMS.name(), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            KeyValueStore<String, Indicator> events = driver.getKeyValueStore(FuseProcessor.EVENTS);
            for (int day = 0; day < 480; day++) {
                for (int n = 0; n < ITEMS_PER_DAY; n++) {
                    Instant at = start.plus(Duration.ofDays(day)).plusSeconds(n * 60_000L / ITEMS_PER_DAY);
                    String id = "d" + day + "-" + n;
                    String words = words(random, 6);
                    String title = n % 10 == 0 ? "Commerce imposes export controls on " + words : "Festival of " + words + " opens downtown";
                    Item item = new Item(id, "src", "rss", "US", "https://example.org/" + id, title, "", null, at, null, at,
                            Integer.toHexString(title.hashCode()));
                    items.pipeInput(id, Topics.ITEMS.valueSerde().serializer().serialize(Topics.ITEMS.name(), item), at);
                }
                if (day % 40 == 39) {
                    long count = 0;
                    long none = 0;
                    try (KeyValueIterator<String, Indicator> all = events.all()) {
                        while (all.hasNext()) {
                            KeyValue<String, Indicator> entry = all.next();
                            count++;
                            none += entry.value.measure() == Measure.NONE ? 1 : 0;
                        }
                    }
                    growth.add(new long[]{day + 1, count, none});
                }
            }
        }
        growth.forEach(g -> System.out.printf("day %3d: %5d events (%d without a measure)%n", g[0], g[1], g[2]));
        // A week of events without a measure, and the two days a daily pruning may lag, at most.
        assertTrue(growth.stream().allMatch(g -> g[2] <= 9 * NONE_PER_DAY), "a week of events without a measure at most: "
                + growth.stream().map(g -> g[2]).toList());
        long atHorizon = growth.stream().filter(g -> g[0] == 400).findFirst().orElseThrow()[1] - growth.get(9)[2];
        long last = growth.get(growth.size() - 1)[1] - growth.get(growth.size() - 1)[2];
        // Three quarters of 400 days of measures at least (random titles may fuse a few), and flat within 2.5%.
        assertTrue(atHorizon > 300 * MEASURES_PER_DAY, "the events of 400 days are kept: " + atHorizon);
        assertTrue(Math.abs(last - atHorizon) <= 400 * MEASURES_PER_DAY / 40, "flat past the horizon: " + atHorizon + " at day 400, "
                + last + " at day 480");
    }

    private static String words(Random random, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(1000));
        }
        return out.toString();
    }
}
