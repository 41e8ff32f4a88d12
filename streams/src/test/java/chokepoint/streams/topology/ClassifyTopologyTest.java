package chokepoint.streams.topology;

import chokepoint.records.DeadLetter;
import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.records.Measure;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifyTopologyTest {

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> items;
    private TestOutputTopic<String, Indicator> indicators;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void setUp() {
        Topology topology = ClassifyTopology.build(new Classifier(RuleSet.bundled(), Clock.systemUTC()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "classify-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        driver = new TopologyTestDriver(topology, props);
        items = driver.createInputTopic(Topics.ITEMS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        indicators = driver.createOutputTopic(Topics.INDICATORS.name(), Topics.INDICATORS.keySerde().deserializer(),
                Topics.INDICATORS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void pipe(Item item) {
        items.pipeInput(item.id(), Topics.ITEMS.valueSerde().serializer().serialize(Topics.ITEMS.name(), item));
    }

    private static Item item(String id, String title, String jurisdiction) {
        Instant now = Instant.parse("2025-10-09T02:00:00Z");
        return new Item(id, "src", "rss", jurisdiction, "https://example.org/" + id, title, "", "en", now, null, now, "h" + id);
    }

    @Test
    void everyItemBecomesOneIndicatorKeyedByItsId() {
        pipe(item("a", "Additions to the Entity List", "US"));
        pipe(item("b", "Bakery chain opens twelve new stores", null));
        var a = indicators.readKeyValue();
        assertEquals("a", a.key);
        assertEquals(Measure.SANCTION_LISTING, a.value.measure());
        assertEquals("US", a.value.actor());
        assertEquals(Instant.parse("2025-10-09T02:00:00Z"), a.value.occurredAt());
        var b = indicators.readKeyValue();
        assertEquals(Measure.NONE, b.value.measure(), "unrelated items are classified NONE and still flow on");
        assertTrue(indicators.isEmpty());
    }

    @Test
    void poisonPillGoesToTheDeadLetterTopicWithItsOriginAndTheStreamGoesOn() {
        items.pipeInput("bad", "{not json".getBytes(StandardCharsets.UTF_8));
        pipe(item("c", "China imposes export controls on antimony", null));
        DeadLetter letter = deadLetters.readValue();
        assertEquals(Topics.ITEMS.name(), letter.topic());
        assertEquals(0, letter.offset());
        assertEquals("classify", letter.stage());
        assertTrue(letter.error().contains("not a valid Item"), letter.error());
        assertEquals("{not json", new String(java.util.Base64.getDecoder().decode(letter.valueBase64()), StandardCharsets.UTF_8));
        assertEquals(Measure.EXPORT_CONTROL, indicators.readValue().measure());
        double counted = driver.metrics().values().stream()
                .filter(m -> m.metricName().name().equals("dead-letters-total"))
                .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
        assertEquals(1.0, counted, "a metric counts the dead letters");
    }

    @Test
    void topologyMatchesItsReviewedSnapshot() throws Exception {
        String actual = ClassifyTopology.build(new Classifier(RuleSet.bundled(), Clock.systemUTC())).describe().toString();
        String expected = new String(getClass().getResourceAsStream("/classify-topology.txt").readAllBytes(),
                StandardCharsets.UTF_8);
        // A changed topology renames internal topics and stores: review the change, then update the snapshot.
        assertEquals(expected.strip(), actual.strip());
    }

    @Test
    void topologyIsNamedThroughout() {
        String description = ClassifyTopology.build(new Classifier(RuleSet.bundled(), Clock.systemUTC())).describe().toString();
        assertTrue(description.contains("items-source"), description);
        assertTrue(description.contains("classify"), description);
        assertTrue(description.contains("indicators-sink"), description);
        assertTrue(description.contains("dead-letters-sink"), description);
        assertTrue(!description.contains("KSTREAM-"), "no generated names: " + description);
    }
}
