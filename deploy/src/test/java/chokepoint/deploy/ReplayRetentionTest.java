package chokepoint.deploy;

import chokepoint.alerts.replay.ReplayRequest;
import chokepoint.alerts.replay.ReplayResult;
import chokepoint.alerts.replay.ReplayRun;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.Item;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replay's records carry the items' own times, and last month's items are older than a topic's default retention
 * (a week). The broker's retention pass (every five minutes by default; here every tenth of a second) deleted a
 * replay's indicators and breaches between their writing and the comparison: the replay reported no indicator and
 * no breach, at random, for any range more than a week old. The replay's lane must keep what it writes until the
 * replay is over, while the same pass visibly deletes an equally old record on a topic of default settings.
 */
@Tag("integration")
@Timeout(180)
class ReplayRetentionTest {

    private static final Instant MONTH_AGO = Instant.now().minus(Duration.ofDays(30));

    @Test
    void aReplayOfItemsOlderThanTheDefaultRetentionKeepsItsIndicatorsAndBreachesUntilTheyAreCompared(@TempDir Path dir)
            throws Exception {
        try (KafkaClusterTestKit cluster = InJvmKafka.singleNode(Map.of("log.retention.check.interval.ms", "100",
                "log.initial.task.delay.ms", "0"))) {
            KafkaClients clients = KafkaClients.of(cluster.bootstrapServers());
            try (Admin admin = cluster.admin()) {
                TopicSetup.ensure(admin, 2, (short) 1);
                admin.createTopics(List.of(new NewTopic("canary", 1, (short) 1))).all().get();
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.properties(), new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>("canary", 0, MONTH_AGO.toEpochMilli(), null, new byte[]{1})).get();
                    publish(producer, "rc-1", "China announces export controls on gallium and germanium", MONTH_AGO);
                    publish(producer, "rc-2", "United States imposes 25 percent tariffs on steel imports from the European Union",
                            MONTH_AGO.plus(Duration.ofHours(2)));
                }
                await().alias("the broker's retention pass deletes a month-old record on a topic of default settings")
                        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> admin.listOffsets(Map.of(new TopicPartition("canary", 0), OffsetSpec.earliest())).all().get()
                                .get(new TopicPartition("canary", 0)).offset() == 1);
            }

            ChokepointConfig config = config(dir, cluster.bootstrapServers());
            ReplayRequest request = new ReplayRequest(MONTH_AGO.minus(Duration.ofDays(5)), MONTH_AGO.plus(Duration.ofDays(5)),
                    config.rules(), null);
            ReplayResult result = new ReplayRun("retained", config, clients, request, progress -> { }).run();

            assertEquals(2, result.itemsRead(), result.toString());
            assertEquals(2, result.indicators(), "both items' indicators, read after the replay: " + result);
            assertTrue(result.breaches().stream().anyMatch(row -> row.ruleId().equals("export-controls")
                    && row.groupKey().equals("CN") && row.inReplay()), "the export-control breach: " + result);
        }
    }

    private static void publish(KafkaProducer<byte[], byte[]> producer, String id, String title, Instant published) throws Exception {
        Item item = new Item(id, "test-notices", "rss", null, "https://example.gov/" + id, title, title, "en", published,
                published.toString(), published, "hash-" + id);
        String topic = Topics.ITEMS.name();
        producer.send(new ProducerRecord<>(topic, null, published.toEpochMilli(), Topics.ITEMS.keySerde().serializer().serialize(topic, id),
                Topics.ITEMS.valueSerde().serializer().serialize(topic, item))).get();
    }

    private static ChokepointConfig config(Path dir, String bootstrapServers) throws Exception {
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, """
                data-dir: ./data
                kafka:
                  bootstrap-servers: "%s"
                  partitions: 2
                  application-prefix: retention
                """.formatted(bootstrapServers) + TestConfigs.EXPORT_CONTROLS_RULE);
        return new ConfigLoader(Map.of()).load(file);
    }
}
