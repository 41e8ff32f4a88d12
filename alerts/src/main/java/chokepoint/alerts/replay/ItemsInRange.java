package chokepoint.alerts.replay;

import chokepoint.kafka.KafkaClients;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a replay's items lie in the items topic.
 *
 * @param start   per partition, the first offset to read (the first item at or after the range's start)
 * @param end     per partition, the end as it stood when the replay began
 * @param offsets how many offsets lie between them: what the progress counts
 * @param items   how many items of the range lie between them (offsets also count transaction markers, and the
 *                warm-up's items before the range)
 */
record ItemsInRange(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, long offsets, long items) {

    static ItemsInRange find(Admin admin, KafkaClients clients, ReplayRequest request) throws Exception {
        Map<TopicPartition, Long> end = KafkaOffsets.of(admin, Topics.ITEMS.name(), OffsetSpec.latest());
        Map<TopicPartition, Long> start = start(admin, request, end);
        long offsets = end.entrySet().stream().mapToLong(e -> e.getValue() - start.get(e.getKey())).sum();
        return new ItemsInRange(start, end, offsets, count(clients, request, start, end));
    }

    private static Map<TopicPartition, Long> start(Admin admin, ReplayRequest request, Map<TopicPartition, Long> end)
            throws Exception {
        if (request.from() == null) {
            return KafkaOffsets.of(admin, Topics.ITEMS.name(), OffsetSpec.earliest());
        }
        Map<TopicPartition, Long> atFrom = KafkaOffsets.of(admin, Topics.ITEMS.name(),
                OffsetSpec.forTimestamp(request.from().toEpochMilli()));
        Map<TopicPartition, Long> start = new HashMap<>();
        // No item at or after `from` in a partition: start at its end.
        atFrom.forEach((partition, offset) -> start.put(partition, offset < 0 ? end.get(partition) : offset));
        return start;
    }

    private static long count(KafkaClients clients, ReplayRequest request, Map<TopicPartition, Long> start,
                              Map<TopicPartition, Long> end) {
        Properties props = clients.properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(end.keySet());
            start.forEach(consumer::seek);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    // Warm-up items are read but not counted: the summary speaks of the range asked for.
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && request.covers(Instant.ofEpochMilli(record.timestamp()))) {
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
