package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.kafka.KafkaClients;
import chokepoint.ingest.publish.IngestMemory;
import chokepoint.ingest.publish.ItemPublisher;
import chokepoint.records.Item;
import chokepoint.records.SourceState;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker the ingest group has put out (it stopped answering; the group moved its sources on) may still be in the
 * middle of a poll, unaware. Its publication must be refused by the group coordinator, or the source's new owner
 * and it would both publish the source's new items.
 */
@Tag("integration")
@Timeout(120)
class IngestFencingTest {

    private static final String GROUP = "fencing-test-ingest";

    @Test
    void aWorkerPutOutOfTheGroupCannotPublishAndItsSuccessorCan() throws Exception {
        try (KafkaClusterTestKit cluster = InJvmKafka.singleNode()) {
            try (var admin = cluster.admin()) {
                TopicSetup.ensure(admin, 3, (short) 1);
            }
            ConsumerGroupMetadata putOut;
            try (KafkaConsumer<byte[], byte[]> first = member(cluster.bootstrapServers())) {
                putOut = first.groupMetadata();
            }
            try (KafkaConsumer<byte[], byte[]> successor = member(cluster.bootstrapServers());
                 ItemPublisher stale = new ItemPublisher(KafkaClients.of(cluster.bootstrapServers()), "fencing-old", () -> putOut);
                 ItemPublisher current = new ItemPublisher(KafkaClients.of(cluster.bootstrapServers()), "fencing-new", successor::groupMetadata)) {
                assertTrue(successor.groupMetadata().generationId() > putOut.generationId(), "the group moved on");

                KafkaException refused = assertThrows(KafkaException.class,
                        () -> stale.publish(List.of(item()), state(), new IngestMemory()));
                assertTrue(refused instanceof CommitFailedException || refused.getCause() instanceof CommitFailedException,
                        "refused as a stale member: " + refused);
                assertEquals(List.of(), TopicDump.all(cluster.bootstrapServers(), Topics.ITEMS),
                        "nothing of the refused publication is visible");

                current.publish(List.of(item()), state(), new IngestMemory());
                assertEquals(List.of("feed:1"), TopicDump.all(cluster.bootstrapServers(), Topics.ITEMS).stream()
                        .map(record -> record.getKey()).toList(), "the successor publishes the item, once");
            }
        }
    }

    /** A member of the ingest group that has its partitions: polled until the group's rebalance completed. */
    private static KafkaConsumer<byte[], byte[]> member(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.INGEST_SOURCES.name()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200));
        }
        assertTrue(!consumer.assignment().isEmpty(), "joined the group");
        return consumer;
    }

    private static Item item() {
        Instant now = Instant.parse("2025-10-09T08:00:00Z");
        return new Item("feed:1", "feed", "rss", "CN", "https://example.org/1", "China imposes export controls on rare earths",
                "MOFCOM announced export licensing.", "en", now, null, now, "hash-1");
    }

    private static SourceState state() {
        return SourceState.initial("feed");
    }
}
