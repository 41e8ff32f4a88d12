package chokepoint.benchmarks;

import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.records.Json;
import chokepoint.records.SourceRef;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.topology.ClassifyTopology;
import chokepoint.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What fusion does to real streams of items: feeds a JSON Lines file of {@code {id, source, title, text, url, at}} in
 * time order through the real classify + fuse topology and reports how many events the items became, how many
 * events gathered several items, and how many of those gathered different titles (the copies a title match alone
 * would miss, and the place to look for wrong merges), listing those for a reader to judge.
 * Run: {@code benchmarks/run-fusion-check}.
 */
public final class FusionCheck {

    public static void main(String[] args) throws IOException {
        List<Item> items = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            JsonNode n = Json.MAPPER.readTree(line);
            Instant at = Instant.parse(n.path("at").asText());
            items.add(new Item(n.path("id").asText(), n.path("source").asText(), "rss", null,
                    n.path("url").asText(null), n.path("title").asText(), n.path("text").asText(), "en", at, null, at,
                    Integer.toHexString(line.hashCode())));
        }
        items.sort(Comparator.comparing(Item::effectiveTime));
        int show = args.length > 1 ? Integer.parseInt(args[1]) : 20;

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fusion-check");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("fusion-check").toString());
        Map<String, Indicator> events = new LinkedHashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ClassifyTopology.build(Classifier.bundled(Clock.systemUTC())), props)) {
            TestInputTopic<String, Item> in = driver.createInputTopic(Topics.ITEMS.name(), Serdes.String().serializer(),
                    Topics.ITEMS.valueSerde().serializer());
            TestOutputTopic<String, Indicator> out = driver.createOutputTopic(Topics.INDICATORS.name(),
                    Serdes.String().deserializer(), Topics.INDICATORS.valueSerde().deserializer());
            for (Item item : items) {
                in.pipeInput(item.id(), item, item.effectiveTime());
            }
            for (KeyValue<String, Indicator> kv : out.readKeyValuesToList()) {
                events.put(kv.key, kv.value);
            }
        }
        List<Indicator> gathered = events.values().stream().filter(e -> e.sources().size() > 1).toList();
        List<Indicator> retitled = gathered.stream()
                .filter(e -> e.sources().stream().map(s -> normal(s.title())).distinct().count() > 1).toList();
        System.out.printf("| items | events | events of several items | ... with different titles |%n|---|---|---|---|%n");
        System.out.printf("| %,d | %,d | %,d | %,d |%n%n", items.size(), events.size(), gathered.size(), retitled.size());
        for (Indicator event : retitled.subList(0, Math.min(show, retitled.size()))) {
            System.out.println("event " + event.id() + ":");
            for (SourceRef source : event.sources()) {
                System.out.println("    " + source.seenAt() + "  " + source.title());
            }
        }
    }

    private static String normal(String title) {
        return title == null ? "" : title.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
