package chokepoint.deploy;

import chokepoint.kafka.KafkaClients;
import chokepoint.topics.Topic;
import chokepoint.topics.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/** Every committed record of a topic, in offset order per partition, for assertions. */
final class TopicDump {

    private TopicDump() {
    }

    static <V> List<Map.Entry<String, V>> all(String bootstrapServers, Topic<String, V> topic) {
        return all(KafkaClients.of(bootstrapServers), topic);
    }

    static <V> List<Map.Entry<String, V>> all(KafkaClients clients, Topic<String, V> topic) {
        List<Map.Entry<String, V>> records = new ArrayList<>();
        TopicReader.readAll(clients, topic, (key, value) -> records.add(new java.util.AbstractMap.SimpleEntry<>(key, value)));
        return records;
    }

    /**
     * The keys of a compacted topic outside the registry (a Streams changelog) whose latest committed value is not
     * a tombstone: what a restarted application restores.
     */
    static Set<String> liveKeys(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Boolean> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(record.key(), record.value() != null);
                }
            }
        }
        Set<String> live = new TreeSet<>();
        latest.forEach((key, present) -> {
            if (present) {
                live.add(key);
            }
        });
        return live;
    }
}
