package chokepoint.alerts.threshold;

import chokepoint.alerts.DriverProperties;
import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.Indicator;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures aimed at everyone count for everyone they hit: China's rare-earth controls name no destination (targets
 * {@code ["*"]}), so a rule about the EU counts them beside the listings of EU entities, and the breach's breadth says
 * so with the EU's exposure in numbers.
 */
class AllDestinationsTest {

    private static final Instant T0 = Instant.parse("2025-10-09T00:00:00Z");
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> indicators;
    private TestOutputTopic<String, Breach> breaches;

    @BeforeEach
    void setUp() {
        Properties props = DriverProperties.of("all-destinations-test");
        driver = new TopologyTestDriver(ThresholdTopology.build(), props);
        indicators = driver.createInputTopic(Topics.INDICATORS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        breaches = driver.createOutputTopic(Topics.BREACHES.name(), Topics.BREACHES.keySerde().deserializer(),
                Topics.BREACHES.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void rule(String yaml) {
        ThresholdRule rule = new ConfigLoader(Map.of()).readRule(yaml);
        driver.createInputTopic(Topics.RULES.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(rule.id(), Topics.RULES.valueSerde().serializer().serialize("t", rule));
    }

    private void pipe(String id, List<String> targets, List<String> sectors, Measure measure, Instant at) {
        Indicator indicator = new Indicator(id, id, "cn-mofcom", "html", "http://exportcontrol.mofcom.gov.cn/" + id, "title " + id,
                measure, Stage.IMPOSED, "CN", targets, sectors, List.of(), List.of(), List.of(), 7, List.of(), List.of(), "v1",
                List.of(), at, at);
        indicators.pipeInput(id, Topics.INDICATORS.valueSerde().serializer().serialize("t", indicator), at);
    }

    @Test
    void aRuleAboutTheEuCountsControlsOnAllDestinationsAndShowsTheExposure() {
        rule("""
                id: pressure-on-europe
                name: Repeated measures by one actor against the EU or a member state
                targets: [EU]
                group-by: actor
                window: 7d
                threshold: 2
                """);
        pipe("no-61", List.of("*"), List.of("rare-earths"), Measure.EXPORT_CONTROL, T0);
        pipe("no-20", List.of("EU"), List.of(), Measure.SANCTION_LISTING, T0.plus(Duration.ofDays(1)));
        List<Breach> raised = breaches.readValuesToList();
        Breach breach = raised.get(raised.size() - 1);
        assertEquals(2, breach.count(), "the control on all destinations counts against the EU");
        String breadth = breach.criteria().stream().filter(c -> c.name().equals("breadth")).findFirst().orElseThrow().figure();
        assertTrue(breadth.startsWith("applies to all destinations (1 measure(s) name no target), 1 named target(s) [EU]"), breadth);
        assertTrue(breadth.contains("EU exposure to CN: heavy rare earth elements 100% (Commission CRM study, 2023)"), breadth);
        assertTrue(breadth.contains("rare earth metals, scandium and yttrium 46.3% (Eurostat, 2024)"), breadth);
    }

    @Test
    void aRuleByActorAndTargetCountsThemUnderEachTargetItNames() {
        rule("""
                id: cn-on-eu
                name: By one actor on the EU
                targets: [EU]
                group-by: actor-target
                window: 7d
                threshold: 1
                """);
        pipe("no-61", List.of("*"), List.of("rare-earths"), Measure.EXPORT_CONTROL, T0);
        assertEquals("CN->EU", breaches.readValue().groupKey());
    }

    @Test
    void aRuleAboutAnotherTargetCountsThemToo() {
        rule("""
                id: on-japan
                name: Measures against Japan
                targets: [JP]
                window: 7d
                threshold: 1
                """);
        pipe("no-61", List.of("*"), List.of("rare-earths"), Measure.EXPORT_CONTROL, T0);
        assertEquals(1, breaches.readValue().count());
    }
}
