package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.SeenItem;
import chokepoint.topics.TopicReader;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A worker killed in the middle of a transaction leaves it open until the broker aborts it, and a read_committed
 * reader stops in front of it: what another worker committed afterwards stays invisible until then. An ingest
 * worker taking over sources must not read that as "never published".
 */
@Tag("integration")
@Timeout(120)
class SettledReadTest {

    @Test
    void aSettledReadWaitsForADeadWorkersTransactionAndSeesWhatWasCommittedAfterIt() throws Exception {
        try (KafkaClusterTestKit cluster = InJvmKafka.singleNode()) {
            try (var admin = cluster.admin()) {
                TopicSetup.ensure(admin, 1, (short) 1);
            }
            KafkaProducer<byte[], byte[]> dead = producer(cluster.bootstrapServers(), "settled-dead");
            dead.beginTransaction();
            dead.send(seen("item-of-the-dead-worker")).get();
            dead.close(Duration.ZERO);  // no commit, no abort: as kill -9 leaves it

            try (KafkaProducer<byte[], byte[]> alive = producer(cluster.bootstrapServers(), "settled-alive")) {
                alive.beginTransaction();
                alive.send(seen("item-of-the-live-worker"));
                alive.commitTransaction();
            }

            assertEquals(List.of(), read(cluster.bootstrapServers(), false), "behind the open transaction, nothing yet");
            assertEquals(List.of("item-of-the-live-worker"), read(cluster.bootstrapServers(), true),
                    "once the broker has aborted the dead transaction, the committed item");
        }
    }

    private static List<String> read(String bootstrap, boolean settled) {
        List<String> ids = new ArrayList<>();
        if (settled) {
            TopicReader.readSettled(KafkaClients.of(bootstrap), Topics.INGEST_SEEN, (id, seen) -> ids.add(id), Duration.ofSeconds(60));
        } else {
            TopicReader.readAll(KafkaClients.of(bootstrap), Topics.INGEST_SEEN, (id, seen) -> ids.add(id));
        }
        return ids;
    }

    private static ProducerRecord<byte[], byte[]> seen(String id) {
        String topic = Topics.INGEST_SEEN.name();
        return new ProducerRecord<>(topic, Topics.INGEST_SEEN.keySerde().serializer().serialize(topic, id),
                Topics.INGEST_SEEN.valueSerde().serializer().serialize(topic, new SeenItem("hash", Instant.now(), Instant.now())));
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap, String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 3_000);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }
}
