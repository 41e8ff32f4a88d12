package chokepoint.deploy;

import chokepoint.alerts.threshold.ThresholdTopology;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's promise, checked without a broker: the story's notices, classified by the bundled rules and counted by
 * the shipped threshold rules, leave breaches firing at the end of the story: China's pressure on the EU (its
 * listings of EU entities and countermeasures against EU banks within a week) and China's rare-earth export controls,
 * even when they arrive in the disorder of several partitions.
 */
class DemoBreachTest {

    @Test
    void theStoryLeavesAChinaToEuBreachAndTheRareEarthControlsFiringUnderTheShippedRules() throws Exception {
        ChokepointConfig config = new ConfigLoader(Map.of()).load(Path.of("../chokepoint.yml"));
        Classifier classifier = new Classifier(RuleSet.bundled(), Clock.systemUTC());
        Instant storyNow = Instant.parse("2026-12-01T12:00:00Z");
        List<Indicator> indicators = new ArrayList<>();
        for (DemoStory.Notice notice : DemoStory.bundled().notices()) {
            Instant dated = notice.datedAt(storyNow);
            indicators.add(classifier.classify(new Item("demo:" + notice.id(), notice.source().sourceId, "rss",
                    notice.source().jurisdiction, notice.link(), notice.title(), notice.text(), notice.source().lang,
                    dated, null, dated, "h")));
        }
        // The demo releases three notices at a time; partitions deliver each batch in any order.
        Random random = new Random(7);
        for (int start = 0; start < indicators.size(); start += 6) {
            Collections.shuffle(indicators.subList(start, Math.min(indicators.size(), start + 6)), random);
        }

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "demo-breach-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("demo-breach").toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(ThresholdTopology.build(), props)) {
            var rules = driver.createInputTopic(Topics.RULES.name(), Serdes.String().serializer(), Topics.RULES.valueSerde().serializer());
            for (ThresholdRule rule : config.rules()) {
                rules.pipeInput(rule.id(), rule);
            }
            var input = driver.createInputTopic(Topics.INDICATORS.name(), Serdes.String().serializer(),
                    Topics.INDICATORS.valueSerde().serializer());
            for (Indicator indicator : indicators) {
                input.pipeInput(indicator.id(), indicator, indicator.occurredAt());
            }
            List<Breach> breaches = driver.createOutputTopic(Topics.BREACHES.name(), Serdes.String().deserializer(),
                    Topics.BREACHES.valueSerde().deserializer()).readValuesToList();
            Map<String, Breach> last = new java.util.LinkedHashMap<>();
            breaches.forEach(b -> last.put(b.id(), b));
            String summary = last.values().stream().map(b -> b.ruleId() + " " + b.groupKey() + " " + b.state() + " " + b.targets()).toList().toString();
            assertTrue(last.values().stream().anyMatch(b -> b.state() != Breach.State.RESOLVED
                    && b.ruleId().equals("pressure-on-europe") && "CN".equals(b.actor())), summary);
            assertTrue(last.values().stream().anyMatch(b -> b.state() != Breach.State.RESOLVED
                    && b.ruleId().equals("chokepoint-export-controls") && "CN".equals(b.actor())
                    && b.sectors().contains("rare-earths")), summary);
        }
    }
}
