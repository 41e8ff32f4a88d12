package chokepoint.alerts.threshold;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hits of one indicator that belong to one partition of the threshold repartition topic, travelling as one
 * record keyed by that partition's number: a thousand rules make about twenty hits of an indicator, and twenty
 * records through the repartition topic cost more than the counting itself. Each rule group keeps to one partition
 * (Kafka's own hash of {@code ruleId|groupKey}), so one task still sees every indicator of a group, in order.
 */
public record RuleHits(List<RuleHit> hits) {

    public RuleHits {
        hits = List.copyOf(hits);
    }

    /** The partition of the repartition topic that counts {@code stateKey}. */
    static int partitionOf(String stateKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(stateKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Sends each batch to the partition its key names. */
    static StreamPartitioner<String, RuleHits> partitioner() {
        return (topic, key, value, numPartitions) -> Optional.of(Set.of(Integer.parseInt(key) % numPartitions));
    }
}
