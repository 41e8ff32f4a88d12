package chokepoint.deploy;

import chokepoint.kafka.KafkaClients;
import chokepoint.topics.Topic;
import chokepoint.topics.TopicReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
}
