package chokepoint.alerts.threshold;

import chokepoint.records.Breach;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hits of one indicator that belong to one partition of the threshold repartition topic, travelling as one
 * record keyed by that partition's number: a thousand rules make about twenty hits of an indicator, and twenty
 * records through the repartition topic cost more than the counting itself. Each rule group keeps to one partition
 * (Kafka's own hash of {@code ruleId|groupKey}), so one task still sees every indicator of a group, in order.
 *
 * <p>The indicator's reference travels once, as {@code ref}, and the hits that count it carry none (the profile of a
 * thousand rules showed the reference written and read twenty times per indicator); a retraction carries the
 * reference it takes out. Records written before carry a reference in every hit and no {@code ref}: read alike.
 *
 * @param ref  the reference of every hit that names none, or null
 * @param hits the hits, each with its own reference or none
 */
public record RuleHits(Breach.IndicatorRef ref, List<RuleHit> hits) {

    public RuleHits {
        hits = List.copyOf(hits);
    }

    /** The hits of one indicator, {@code shared} its reference as counted: hits that count it travel without it. */
    static RuleHits of(Breach.IndicatorRef shared, List<RuleHit> hits) {
        List<RuleHit> compact = new ArrayList<>(hits.size());
        for (RuleHit hit : hits) {
            compact.add(hit.ref() == shared ? new RuleHit(hit.ruleId(), hit.groupKey(), null, hit.retract()) : hit);
        }
        return new RuleHits(shared, compact);
    }

    /** The hits, each with its reference. */
    List<RuleHit> resolved() {
        List<RuleHit> all = new ArrayList<>(hits.size());
        for (RuleHit hit : hits) {
            all.add(hit.ref() == null ? new RuleHit(hit.ruleId(), hit.groupKey(), ref, hit.retract()) : hit);
        }
        return all;
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
