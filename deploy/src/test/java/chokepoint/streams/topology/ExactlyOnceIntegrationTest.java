package chokepoint.streams.topology;

import org.junit.jupiter.api.Tag;
import chokepoint.kafka.KafkaClients;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly once under failure, in the manner of Kafka's own EosIntegrationTest, on three brokers in this JVM: numbered
 * items flow while a processor fails hard once, one of two instances is closed abruptly, and one broker is shut down
 * and restarted; the
 * {@code read_committed} indicators must hold every expected event exactly once.
 * <p>Kept in the deploy module's integration tier (package unchanged) rather than in streams': there it ran alone
 * while every later module waited for it; here it shares the forks of the other cluster tests (docs/testing.md).
 */
@Tag("integration")
@Timeout(300)
class ExactlyOnceIntegrationTest {

    private static final int ITEMS = 1200;
    private static KafkaClusterTestKit cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        // Split mode (3 brokers, 1 controller): bouncing a node of a combined cluster can leave no active controller.
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(false).setNumBrokerNodes(3).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "3")
                .setConfigProp("transaction.state.log.replication.factor", "3")
                .setConfigProp("transaction.state.log.min.isr", "2")
                .setConfigProp("min.insync.replicas", "2")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void everyEventExactlyOnceThroughAProcessorFailureAnInstanceCrashAndABrokerBounce() throws Exception {
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, "data-dir: ./data\nkafka:\n  bootstrap-servers: \"" + cluster.bootstrapServers()
                + "\"\n  partitions: 3\n  replication-factor: 3\n  application-prefix: eos-test\n");
        ChokepointConfig config = new ConfigLoader(Map.of()).load(file);
        try (var admin = cluster.admin()) {
            TopicSetup.ensure(admin, 3, (short) 3);
        }
        Classifier classifier = new Classifier(RuleSet.bundled(), Clock.systemUTC());
        try (KafkaProducer<String, Item> producer = producer()) {
            // The processor fails once, hard, in the middle of the stream (on whichever instance owns item 150): an
            // Error, not an exception the processor would turn into a dead letter. Its thread is replaced and its
            // open transaction aborted.
            AtomicBoolean failed = new AtomicBoolean();
            Function<Item, Indicator> failingOnce = item -> {
                if (item.id().equals(itemId(150)) && failed.compareAndSet(false, true)) {
                    throw new AssertionError("injected failure in the processor");
                }
                return classifier.classify(item);
            };
            KafkaStreams a = start(config, failingOnce, "a");
            KafkaStreams b = start(config, failingOnce, "b");
            send(producer, 0, 400);
            awaitCommitted(270);
            assertTrue(failed.get(), "the failure was injected");

            a.close(Duration.ZERO);  // abrupt: no clean hand-over, B takes the tasks after the session timeout
            send(producer, 400, 800);
            var bounced = cluster.brokers().values().iterator().next();
            bounced.shutdown();
            bounced.awaitShutdown();
            send(producer, 800, 1000);
            bounced.startup();

            KafkaStreams c = start(config, classifier::classify, "c");
            send(producer, 1000, ITEMS);
            awaitCommitted(ITEMS - ITEMS / 10);
            Map<String, Integer> seen = awaitSettled(Duration.ofSeconds(3));  // anything duplicated would have arrived by then

            // One event per notice; a wire copy joins its notice's event, which is then published twice (first
            // alone, then with the copy), under the key of whichever of the two fusion saw first.
            Map<String, Integer> expected = new TreeMap<>();
            for (int n = 0; n < ITEMS; n++) {
                if (!isCopy(n)) {
                    boolean copied = isCopy(n + 1) && n + 1 < ITEMS;
                    String key = copied && seen.containsKey(itemId(n + 1)) ? itemId(n + 1) : itemId(n);
                    expected.put(key, copied ? 2 : 1);
                }
            }
            assertEquals(expected.keySet(), new TreeSet<>(seen.keySet()), "every event present, each copy in its notice's");
            List<String> wrong = expected.keySet().stream().filter(key -> !expected.get(key).equals(seen.get(key)))
                    .collect(Collectors.toList());
            assertTrue(wrong.isEmpty(), "each event published once per item it gathered, not " + wrong.size() + ": "
                    + wrong.stream().limit(5).map(key -> key + "=" + seen.get(key)).toList());
            b.close(Duration.ofSeconds(10));
            c.close(Duration.ofSeconds(10));
        }
    }

    private KafkaStreams start(ChokepointConfig config, Function<Item, Indicator> classifier, String name) throws Exception {
        Properties props = ClassifyTopology.config(config, KafkaClients.of(cluster.bootstrapServers()));
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state-" + name)).toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        KafkaStreams streams = new KafkaStreams(ClassifyTopology.build(classifier), props);
        streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
        streams.start();
        return streams;
    }

    private static String itemId(int n) {
        return String.format("fr-test:%05d", n);
    }

    /** Every tenth item is a wire copy of the notice before it: fusion must find it by title, through every fault. */
    private static boolean isCopy(int n) {
        return n % 10 == 9;
    }

    private static void send(KafkaProducer<String, Item> producer, int from, int to) {
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        for (int n = from; n < to; n++) {
            // Distinct document numbers keep the notices distinct stories, so fusion must publish each exactly once;
            // a copy names no document and carries its notice's title.
            String doc = String.format("2025-%05d", n);
            Item item = isCopy(n)
                    ? new Item(itemId(n), "wire-test", "rss", null, "https://wire.example/" + n,
                    "Additions to the Entity List: notice " + (n - 1), "Wire copy " + n + ".", "en", base.plusSeconds(n), null,
                    base.plusSeconds(n), "h" + n)
                    : new Item(itemId(n), "fr-test", "rss", "US",
                    "https://www.federalregister.gov/documents/2025/01/01/" + doc + "/notice", "Additions to the Entity List: notice " + n,
                    "Numbered test notice " + n + ".", "en", base.plusSeconds(n), null, base.plusSeconds(n), "h" + n);
            producer.send(new ProducerRecord<>(Topics.ITEMS.name(), null, base.plusSeconds(n).toEpochMilli(), item.id(), item));
        }
        producer.flush();
    }

    private static KafkaProducer<String, Item> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, Topics.ITEMS.keySerde().serializer(), Topics.ITEMS.valueSerde().serializer());
    }

    /** Waits until {@code distinct} events are committed; the assertions that follow judge what there is then. */
    private static void awaitCommitted(int distinct) {
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> readCommitted().size() >= distinct);
        } catch (ConditionTimeoutException late) {
            // the assertions that follow say what was expected
        }
    }

    /** The committed output once it has not changed for {@code quiet}. */
    private static Map<String, Integer> awaitSettled(Duration quiet) {
        AtomicReference<Map<String, Integer>> last = new AtomicReference<>(Map.of());
        await().alias("the committed output settles").during(quiet).atMost(quiet.plusSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Map<String, Integer> now = readCommitted();
                    return now.equals(last.getAndSet(now));
                });
        return last.get();
    }

    /** Every indicator key with how often it appears, reading only committed transactions. */
    private static Map<String, Integer> readCommitted() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, Indicator> consumer = new KafkaConsumer<>(props, Topics.INDICATORS.keySerde().deserializer(),
                Topics.INDICATORS.valueSerde().deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.INDICATORS.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, Indicator> record : consumer.poll(Duration.ofMillis(300))) {
                    counts.merge(record.key(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
