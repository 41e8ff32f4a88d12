package chokepoint.streams.topology;

import chokepoint.records.Correction;
import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An analyst's correction replaces the indicator it corrects under the same key, marked with who and when; it stays
 * when another copy of the story joins later; withdrawn, the classifier's reading comes back. Items are real MOFCOM
 * titles (streams/src/test/resources/eval/sources.jsonl).
 */
class CorrectionTopologyTest {

    /**
     * MOFCOM's "Canada updates its guide to the export control list" (sources.jsonl mofcom:11, labelled PROCEDURAL,
     * actor CA): the rules alone read no measure in it.
     */
    private static final String GUIDE = "加拿大更新出口管制清单指南";

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> items;
    private TestInputTopic<String, Correction> corrections;
    private TestOutputTopic<String, Indicator> indicators;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "correction-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        DeadLetterHandler.install(props, "classifier", Topics.DEAD_LETTERS.name());
        driver = new TopologyTestDriver(ClassifyTopology.build(new Classifier(RuleSet.bundled(), Clock.systemUTC())), props);
        items = driver.createInputTopic(Topics.ITEMS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        corrections = driver.createInputTopic(Topics.CORRECTIONS.name(), Topics.CORRECTIONS.keySerde().serializer(),
                Topics.CORRECTIONS.valueSerde().serializer());
        indicators = driver.createOutputTopic(Topics.INDICATORS.name(), Topics.INDICATORS.keySerde().deserializer(),
                Topics.INDICATORS.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void pipe(String id, String sourceId, String url) {
        Instant at = Instant.parse("2025-10-09T02:00:00Z");
        Item item = new Item(id, sourceId, "html", "CN", url, GUIDE, "", "zh", at, null, at, "h" + id);
        items.pipeInput(item.id(), Topics.ITEMS.valueSerde().serializer().serialize(Topics.ITEMS.name(), item));
    }

    private static Correction correction(String indicatorId) {
        return new Correction(indicatorId, Measure.EXPORT_CONTROL, Stage.IMPOSED, "CA", List.of("CN"), "analyst-a",
                Instant.parse("2025-10-10T08:00:00Z"), "an updated guide tightens the list", null, indicatorId, GUIDE,
                "http://exportcontrol.mofcom.gov.cn/", "mofcom");
    }

    @Test
    void aCorrectionReplacesTheIndicatorUnderItsKeyAndStaysWhenACopyJoins() {
        pipe("mofcom-a", "mofcom-exportcontrol", "http://exportcontrol.mofcom.gov.cn/article/a.html");
        Indicator machine = indicators.readValue();
        assertTrue(!machine.isIndicator());
        assertNull(machine.correction());
        String was = Correction.summary(machine.measure(), machine.stage(), machine.actor(), machine.targets());

        corrections.pipeInput("mofcom-a", correction("mofcom-a"));
        var corrected = indicators.readKeyValue();
        assertEquals("mofcom-a", corrected.key);
        assertEquals(Stage.IMPOSED, corrected.value.stage());
        assertEquals(List.of("CN"), corrected.value.targets());
        assertEquals("analyst-a", corrected.value.correction().by());
        assertEquals(was, corrected.value.correction().was());
        assertTrue(corrected.value.isIndicator(), "a corrected stage counts as pressure now");
        assertTrue(corrected.value.severity() > 0, "severity follows the corrected stage");

        // The same notice from a second source joins the event: it keeps the analyst's reading.
        pipe("mofcom-b", "mofcom-main", "http://www.mofcom.gov.cn/article/b.html");
        var joined = indicators.readKeyValue();
        assertEquals("mofcom-a", joined.key);
        assertEquals(2, joined.value.sources().size());
        assertEquals(Stage.IMPOSED, joined.value.stage());
        assertEquals("analyst-a", joined.value.correction().by());
        assertEquals(was, joined.value.correction().was());
    }

    @Test
    void aWithdrawnCorrectionBringsBackTheClassifiersReading() {
        pipe("mofcom-a", "mofcom-exportcontrol", "http://exportcontrol.mofcom.gov.cn/article/a.html");
        Indicator machine = indicators.readValue();
        corrections.pipeInput("mofcom-a", correction("mofcom-a"));
        assertEquals(Stage.IMPOSED, indicators.readValue().stage());
        corrections.pipeInput("mofcom-a", (Correction) null);
        Indicator back = indicators.readValue();
        assertEquals(machine.stage(), back.stage());
        assertEquals(machine.measure(), back.measure());
        assertNull(back.correction());
    }

    @Test
    void anUnreadableCorrectionIsDeadLetteredAndTheStreamGoesOn() {
        var raw = driver.createInputTopic(Topics.CORRECTIONS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        var deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
        raw.pipeInput("mofcom-a", "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        raw.pipeInput("mofcom-a", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(2, deadLetters.readValuesToList().size());
        pipe("mofcom-a", "mofcom-exportcontrol", "http://exportcontrol.mofcom.gov.cn/article/a.html");
        indicators.readValue();
        corrections.pipeInput("mofcom-a", correction("mofcom-a"));
        assertEquals(Stage.IMPOSED, indicators.readValue().stage());
    }

    @Test
    void aCorrectionOfAStoryNotYetSeenWaitsForIt() {
        corrections.pipeInput("mofcom-a", correction("mofcom-a"));
        assertTrue(indicators.isEmpty());
        pipe("mofcom-a", "mofcom-exportcontrol", "http://exportcontrol.mofcom.gov.cn/article/a.html");
        assertEquals(Stage.IMPOSED, indicators.readValue().stage());
    }
}
