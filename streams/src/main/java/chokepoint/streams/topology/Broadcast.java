package chokepoint.streams.topology;

import org.apache.kafka.streams.processor.StreamPartitioner;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Sends the records whose key passes a test to every partition of a repartition topic (Kafka Streams' multicast,
 * KIP-837), and the others by their key as usual: what every partition must hear (an analyst's correction, whose
 * event may be held by any fusion partition; the register's clock) beside what one partition owns.
 */
final class Broadcast<V> implements StreamPartitioner<String, V> {

    private final Predicate<String> everywhere;

    private Broadcast(Predicate<String> everywhere) {
        this.everywhere = everywhere;
    }

    /** Every record to every partition. */
    static <V> Broadcast<V> all() {
        return new Broadcast<>(key -> true);
    }

    /** Records under {@code key} to every partition, the others by their key. */
    static <V> Broadcast<V> key(String key) {
        return new Broadcast<>(key::equals);
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, V value, int numPartitions) {
        if (key == null || !everywhere.test(key)) {
            return Optional.empty();  // the producer's partitioning by key, as without this partitioner
        }
        return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
    }
}
