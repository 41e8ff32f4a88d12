package chokepoint.ingest.publish;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the seen-marks of a source's items live: in the partition of {@code chokepoint.ingest.seen} that matches the
 * source's partition of {@code chokepoint.ingest.sources} (Kafka's own key hash), so that a worker loads the marks of
 * the sources it owns and no others. Both topics are created with the same number of partitions; when they differ,
 * source partitions fold onto the marks' partitions.
 */
public final class SeenPartitions {

    private SeenPartitions() {
    }

    /** The partition Kafka's default partitioner gives the source's state record (and so the source's owner). */
    public static int sourcePartition(String sourceId, int sourcePartitions) {
        return Utils.toPositive(Utils.murmur2(sourceId.getBytes(StandardCharsets.UTF_8))) % sourcePartitions;
    }

    /** The partition of the seen-marks topic for the items of {@code sourceId}. */
    public static int ofSource(String sourceId, int sourcePartitions, int seenPartitions) {
        return sourcePartition(sourceId, sourcePartitions) % seenPartitions;
    }

    /** The partitions of the seen-marks topic that hold the marks of the source partitions a worker owns. */
    public static Set<Integer> ofSourcePartitions(Set<Integer> owned, int seenPartitions) {
        return owned.stream().map(partition -> partition % seenPartitions).collect(Collectors.toUnmodifiableSet());
    }
}
