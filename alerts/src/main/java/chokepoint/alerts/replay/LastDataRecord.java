package chokepoint.alerts.replay;

import chokepoint.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Finds the last data record before a partition's end (read_committed): transactional topics end with a commit
 * marker that no consumer ever commits past, so "consumed" means "past the last data record".
 */
final class LastDataRecord implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, long[]> known = new HashMap<>();

    LastDataRecord(KafkaClients clients) {
        Properties props = clients.properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The offset of the last committed data record below {@code end}, or -1 when the partition has none. */
    long offset(TopicPartition partition, long end) {
        long[] cached = known.get(partition);
        if (cached != null && cached[0] == end) {
            return cached[1];
        }
        long found = -1;
        boolean complete = true;
        // Look back a little first: usually only a commit marker follows the last record. Aborted
        // transactions leave invisible records and markers, so look further back when nothing shows.
        for (long window = 2; found < 0; window *= 16) {
            long from = Math.max(0, end - window);
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            long deadline = System.currentTimeMillis() + 10_000;
            while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.offset() < end) {
                        found = Math.max(found, record.offset());
                    }
                }
            }
            complete = consumer.position(partition) >= end;
            if (from == 0 || !complete) {
                break;
            }
        }
        if (!complete) {
            // A transaction there is still open: count its records as unread for now.
            return Long.MAX_VALUE - 1;
        }
        known.put(partition, new long[]{end, found});
        return found;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
