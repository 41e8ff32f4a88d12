package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.DeadLetter;
import chokepoint.records.Indicator;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThresholdTopologyTest {

    private static final Instant T0 = Instant.parse("2025-10-09T00:00:00Z");
    private static final ThresholdRule TWO_IN_A_WEEK = new ThresholdRule("ec-week", "Export controls, 2 in 7 days",
            List.of("EXPORT_CONTROL"), List.of(), List.of(), List.of(), List.of(), 0, "actor", Duration.ofDays(7), 2);

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> indicators;
    private TestOutputTopic<String, Breach> breaches;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "threshold-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/threshold-test-" + System.nanoTime());
        driver = new TopologyTestDriver(ThresholdTopology.build(List.of(TWO_IN_A_WEEK)), props);
        indicators = driver.createInputTopic(Topics.INDICATORS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        breaches = driver.createOutputTopic(Topics.BREACHES.name(), Topics.BREACHES.keySerde().deserializer(),
                Topics.BREACHES.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void pipe(String id, String actor, Measure measure, Stage stage, Instant at) {
        Indicator indicator = new Indicator(id, id, "src", "https://example.org/" + id, "title " + id, measure, stage,
                actor, List.of(), List.of(), List.of(), List.of(), 5, List.of(), List.of(), "v1", at, at);
        indicators.pipeInput(id, Topics.INDICATORS.valueSerde().serializer().serialize("t", indicator), at);
    }

    @Test
    void firesOnceAtTheCrossingUpdatesWhileAboveAndResolvesWhenTheWindowMovesOn() {
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        assertTrue(breaches.isEmpty(), "one is below the threshold");

        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(2)));
        Breach fired = breaches.readValue();
        assertEquals(Breach.State.FIRING, fired.state());
        assertEquals("CN", fired.groupKey());
        assertEquals(2, fired.count());
        assertEquals(List.of("a", "b"), fired.indicators().stream().map(Breach.IndicatorRef::id).toList());

        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(2)));
        assertTrue(breaches.isEmpty(), "an indicator seen again does not repeat the breach");

        pipe("c", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(3)));
        Breach updated = breaches.readValue();
        assertEquals(fired.id(), updated.id(), "an update keeps the breach id");
        assertEquals(3, updated.count());

        // Another actor's indicator moves stream time past the window of all three.
        pipe("d", "US", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(11)));
        Breach resolved = breaches.readValue();
        assertEquals(fired.id(), resolved.id());
        assertEquals(Breach.State.RESOLVED, resolved.state());
        assertTrue(breaches.isEmpty());
    }

    @Test
    void otherMeasuresEasingAndOtherActorsDoNotCount() {
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        pipe("b", "CN", Measure.TARIFF, Stage.IMPOSED, T0.plusSeconds(60));
        pipe("c", "CN", Measure.EXPORT_CONTROL, Stage.EASED, T0.plusSeconds(120));
        pipe("d", "US", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(180));
        pipe("e", "CN", Measure.NONE, null, T0.plusSeconds(240));
        assertTrue(breaches.isEmpty());
    }

    @Test
    void backdatedIndicatorOutsideTheWindowIsNotCounted() {
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(30)));
        pipe("old", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        assertTrue(breaches.isEmpty());
    }

    @Test
    void unreadableIndicatorIsParkedAndCountingGoesOn() {
        indicators.pipeInput("bad", "[1,2".getBytes(StandardCharsets.UTF_8), T0);
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(1));
        assertEquals("threshold", deadLetters.readValue().stage());
        assertEquals(Breach.State.FIRING, breaches.readValue().state());
    }

    @Test
    void everyProcessorStoreAndRepartitionTopicIsNamed() {
        String description = ThresholdTopology.build(List.of(TWO_IN_A_WEEK)).describe().toString();
        assertTrue(description.contains("threshold-by-rule-group-repartition"), description);
        assertTrue(description.contains("threshold-windows"), description);
        assertTrue(!description.contains("KSTREAM-"), "no generated names: " + description);
    }
}
