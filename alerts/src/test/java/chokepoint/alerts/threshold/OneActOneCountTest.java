package chokepoint.alerts.threshold;

import chokepoint.alerts.DriverProperties;
import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.streams.topology.ClassifyTopology;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One act, one count: the spokesperson's answer to journalists about MOFCOM announcement 2026 No. 20 (real titles from
 * exportcontrol.mofcom.gov.cn) goes through the classifier and fusion into the act's event, so the threshold rule
 * "Repeated measures by one actor against the EU" counts the announcement and order No. 5, not three measures.
 */
class OneActOneCountTest {

    private static final Instant T0 = Instant.parse("2026-04-24T02:00:00Z");
    private static final String PRESSURE_ON_EUROPE = """
            id: pressure-on-europe
            name: Repeated measures by one actor against the EU or a member state
            targets: [EU]
            group-by: actor
            window: 7d
            threshold: 2
            """;

    private TopologyTestDriver classifier;
    private TopologyTestDriver thresholds;

    private static Properties props(String app) {
        return DriverProperties.of(app);
    }

    @AfterEach
    void tearDown() {
        classifier.close();
        thresholds.close();
    }

    @Test
    void anAnswerToJournalistsAboutAnActAddsNoCount() {
        classifier = new TopologyTestDriver(ClassifyTopology.build(new Classifier(RuleSet.bundled(), Clock.systemUTC())),
                props("one-act-classify"));
        thresholds = new TopologyTestDriver(ThresholdTopology.build(), props("one-act-thresholds"));
        TestInputTopic<String, byte[]> items = classifier.createInputTopic(Topics.ITEMS.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        TestOutputTopic<String, Indicator> indicators = classifier.createOutputTopic(Topics.INDICATORS.name(),
                Topics.INDICATORS.keySerde().deserializer(), Topics.INDICATORS.valueSerde().deserializer());
        TestInputTopic<String, byte[]> counted = thresholds.createInputTopic(Topics.INDICATORS.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        TestInputTopic<String, byte[]> rules = thresholds.createInputTopic(Topics.RULES.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        TestOutputTopic<String, Breach> breaches = thresholds.createOutputTopic(Topics.BREACHES.name(),
                Topics.BREACHES.keySerde().deserializer(), Topics.BREACHES.valueSerde().deserializer());
        ThresholdRule rule = new ConfigLoader(Map.of()).readRule(PRESSURE_ON_EUROPE);
        rules.pipeInput(rule.id(), Topics.RULES.valueSerde().serializer().serialize("t", rule));

        pipe(items, "mofcom-32", "商务部令2025年第5号 关于对欧盟两家金融机构实施反制措施的决定", T0.minus(Duration.ofDays(2)));
        pipe(items, "mofcom-27", "商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单", T0);
        pipe(items, "mofcom-26", "商务部新闻发言人就将7家欧盟实体列入出口管制管控名单答记者问", T0.plus(Duration.ofHours(2)));
        for (KeyValue<String, Indicator> kv : indicators.readKeyValuesToList()) {
            counted.pipeInput(kv.key, Topics.INDICATORS.valueSerde().serializer().serialize("t", kv.value),
                    kv.value.occurredAt());
        }

        List<Breach> raised = breaches.readValuesToList();
        Breach latest = raised.get(raised.size() - 1);
        assertEquals(Breach.State.FIRING, latest.state());
        assertEquals(2, latest.count(), "the announcement and the order; the answer is a source of the announcement");
        assertEquals(List.of("mofcom-32", "mofcom-27"), latest.indicators().stream().map(Breach.IndicatorRef::id).toList());
        assertEquals(14, latest.indicators().stream().mapToInt(Breach.IndicatorRef::severity).sum(), "severity sum 14, not 21");
    }

    private static void pipe(TestInputTopic<String, byte[]> items, String id, String title, Instant at) {
        Item item = new Item(id, "cn-mofcom", "html", "CN", "http://exportcontrol.mofcom.gov.cn/" + id, title, "", "zh", at, null,
                at, Integer.toHexString(title.hashCode()));
        items.pipeInput(id, Topics.ITEMS.valueSerde().serializer().serialize("t", item), at);
    }
}
