package chokepoint.alerts.replay;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Offsets a replay asks the cluster for: a topic's, per partition, and a consumer group's committed ones. */
final class KafkaOffsets {

    private KafkaOffsets() {
    }

    static Map<TopicPartition, Long> of(Admin admin, String topic, OffsetSpec spec) throws Exception {
        return of(admin, topic, spec, IsolationLevel.READ_COMMITTED);
    }

    static Map<TopicPartition, Long> of(Admin admin, String topic, OffsetSpec spec, IsolationLevel isolation)
            throws Exception {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(info -> query.put(new TopicPartition(topic, info.partition()), spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(query, new ListOffsetsOptions(isolation)).all().get()
                .forEach((partition, info) -> out.put(partition, info.offset()));
        return out;
    }

    static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .forEach((partition, offset) -> {
                    if (offset != null) {
                        out.put(partition, offset.offset());
                    }
                });
        return out;
    }
}
