package chokepoint.streams.topology;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.deploy.SharedClusterTest;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.records.SourceRef;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.streams.fuse.FuseProcessor;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Copies of one story published on different partitions of the items topic, all at once, to two classifier instances
 * on a real broker: they fuse into one event, whether they share an act's number or only their titles, while the
 * other stories' events spread over the fusion partitions.
 * <p>Kept in the deploy module's integration tier (package unchanged) rather than in streams': there it ran alone
 * while every later module waited for it; here it shares the forks of the other cluster tests (docs/testing.md).
 */
@Tag("integration")
@Timeout(180)
class FusionAcrossPartitionsTest extends SharedClusterTest {

    private static final int PARTITIONS = 3;
    private static final int OTHERS = 60;
    private static final Instant T0 = Instant.parse("2025-10-09T02:00:00Z");
    @Test
    void copiesOnDifferentPartitionsFuseIntoOneEventByActNumberAndByTitleAlone() throws Exception {
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, "data-dir: ./data\nkafka:\n  bootstrap-servers: \"" + cluster.bootstrapServers()
                + "\"\n  partitions: " + PARTITIONS + "\n  replication-factor: 1\n  application-prefix: across-test\n"
                + "  standby-replicas: 1\n");
        ChokepointConfig config = new ConfigLoader(Map.of()).load(file);
        try (var admin = cluster.admin()) {
            TopicSetup.ensure(admin, PARTITIONS, (short) 1);
        }
        Classifier classifier = new Classifier(RuleSet.bundled(), Clock.systemUTC());
        KafkaStreams a = start(config, classifier, "a");
        KafkaStreams b = start(config, classifier, "b");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> a.state() == KafkaStreams.State.RUNNING
                    && b.state() == KafkaStreams.State.RUNNING);
            List<ProducerRecord<String, Item>> records = new ArrayList<>();
            // One act in Chinese, in English and named by a wire, on three partitions.
            records.add(item("zh", 0, "CN", "商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定",
                    "为维护国家安全和利益，决定对境外相关稀土物项实施出口管制。", T0));
            records.add(item("en", 1, "CN", "MOFCOM Announcement No. 61 of 2025 on Export Control Measures for Relevant Overseas Rare Earth Items",
                    "The Ministry of Commerce decided to implement export controls.", T0.plusSeconds(1)));
            records.add(item("wire", 2, null, "China widens rare earth export controls to foreign-made products",
                    "Beijing's commerce ministry said in MOFCOM Announcement No. 61 of 2025 that the rules apply abroad.",
                    T0.plusSeconds(2)));
            // One story by its titles alone: the same headline twice and a near copy, on three partitions.
            records.add(item("r1", 1, null, "China imposes export controls on gallium and germanium", "", T0.plusSeconds(3)));
            records.add(item("r2", 2, null, "China imposes export controls on gallium, germanium", "", T0.plusSeconds(4)));
            records.add(item("r3", 0, null, "China imposes export controls on gallium and germanium", "", T0.plusSeconds(5)));
            for (int n = 0; n < OTHERS; n++) {
                String doc = String.format("2025-%05d", 30_000 + n);
                records.add(new ProducerRecord<>(Topics.ITEMS.name(), n % PARTITIONS, T0.plusSeconds(10 + n).toEpochMilli(), "fr-" + n,
                        new Item("fr-" + n, "fr", "rss", "US", "https://www.federalregister.gov/documents/2025/10/09/" + doc + "/x",
                                "Additions to the Entity List: notice " + n, "Numbered notice " + n + ".", "en",
                                T0.plusSeconds(10 + n), null, T0.plusSeconds(10 + n), "h" + n)));
            }
            try (KafkaProducer<String, Item> producer = producer()) {
                records.forEach(producer::send);
                producer.flush();
            }

            Map<String, Indicator> events = new LinkedHashMap<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                readCommitted(Topics.INDICATORS.name(), Topics.INDICATORS.valueSerde().deserializer()).forEach(events::put);
                return events.values().stream().mapToInt(e -> e.sources().size()).sum() >= 6 + OTHERS
                        && events.values().stream().anyMatch(e -> e.sources().size() == 3 && e.title().contains("商务部"))
                        && events.values().stream().anyMatch(e -> e.sources().size() == 3 && e.title().contains("gallium"));
            });
            assertEquals(Set.of("zh", "en", "wire"), itemsOfEventOf("zh", events), "one event by the act's number");
            assertEquals(Set.of("r1", "r2", "r3"), itemsOfEventOf("r1", events), "one event by the titles alone");
            assertEquals(2 + OTHERS, events.size(), "every other notice its own event: " + events.keySet());

            // The other stories' events live on several fusion partitions, and the register, keyed by act, holds the act.
            Map<Integer, Integer> eventsByPartition = eventsByPartition(List.of(a, b));
            assertTrue(eventsByPartition.values().stream().filter(n -> n > 0).count() >= 2, "events spread: " + eventsByPartition);
            await().atMost(Duration.ofSeconds(30)).until(() -> readCommitted(Topics.MEASURES.name(),
                    Topics.MEASURES.valueSerde().deserializer()).containsKey("cn:mofcom:2025-61"));
        } finally {
            a.close(Duration.ofSeconds(10));
            b.close(Duration.ofSeconds(10));
        }
    }

    private static Set<String> itemsOfEventOf(String itemId, Map<String, Indicator> events) {
        List<Indicator> holding = events.values().stream()
                .filter(e -> e.sources().stream().anyMatch(s -> s.itemId().equals(itemId))).toList();
        assertEquals(1, holding.size(), itemId + " in one event: " + holding.stream().map(Indicator::id).toList());
        return holding.get(0).sources().stream().map(SourceRef::itemId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Events held per fusion partition, read from whichever instance runs each partition's task. */
    private static Map<Integer, Integer> eventsByPartition(List<KafkaStreams> instances) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (KafkaStreams instance : instances) {
                try {
                    ReadOnlyKeyValueStore<String, Indicator> store = instance.store(StoreQueryParameters
                            .fromNameAndType(FuseProcessor.EVENTS, QueryableStoreTypes.<String, Indicator>keyValueStore()).withPartition(p));
                    int[] n = {0};
                    try (var all = store.all()) {
                        all.forEachRemaining(entry -> n[0]++);
                    }
                    counts.put(p, n[0]);
                } catch (InvalidStateStoreException notHere) {
                    // the other instance runs it
                }
            }
        }
        return counts;
    }

    private KafkaStreams start(ChokepointConfig config, Classifier classifier, String name) throws Exception {
        Properties props = ClassifyTopology.config(config, KafkaClients.of(cluster.bootstrapServers()));
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state-" + name)).toString());
        KafkaStreams streams = new KafkaStreams(ClassifyTopology.build(classifier, chokepoint.topics.Lane.live(), PARTITIONS), props);
        streams.start();
        return streams;
    }

    private static ProducerRecord<String, Item> item(String id, int partition, String jurisdiction, String title, String text,
                                                     Instant at) {
        return new ProducerRecord<>(Topics.ITEMS.name(), partition, at.toEpochMilli(), id, new Item(id, "src-" + id, "rss",
                jurisdiction, "https://example.org/" + id, title, text, null, at, null, at, id));
    }

    private static KafkaProducer<String, Item> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, Topics.ITEMS.keySerde().serializer(), Topics.ITEMS.valueSerde().serializer());
    }

    /** The latest committed value of each key of a topic. */
    private static <V> Map<String, V> readCommitted(String topic, Deserializer<V> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, V> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, Topics.INDICATORS.keySerde().deserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(record.key(), record.value());
                }
            }
        }
        return latest;
    }
}
