package chokepoint.alerts.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * When outbox partitions taken over may be sent from: once this instance's notification log has read what the previous
 * owner wrote. A previous owner that let a partition go with requests still on the wire (they outlasted its wait at the
 * hand-over) says until when they may last, in the metadata of the offset it committed: the partition is held until
 * then, and the log's end is taken only afterwards, so that the entry such a request writes once accepted is read here
 * before its message is looked at again. Used by the sender's poll thread only.
 */
final class TakeOver {

    /** The offset metadata's prefix, followed by a time in epoch milliseconds. */
    static final String ON_THE_WIRE_UNTIL = "chokepoint.on-the-wire-until=";

    private record Pending(long notBefore, Map<Integer, Long> logEnds) {
    }

    private final Map<TopicPartition, Pending> pending = new HashMap<>();

    /** The metadata a releasing owner commits for a partition whose requests may last until {@code untilMillis}. */
    static String metadata(long untilMillis) {
        return ON_THE_WIRE_UNTIL + untilMillis;
    }

    /** Until when the previous owner's requests may last, from its committed offset's metadata; 0 when nothing was left. */
    static long onTheWireUntil(OffsetAndMetadata committed) {
        if (committed == null || committed.metadata() == null || !committed.metadata().startsWith(ON_THE_WIRE_UNTIL)) {
            return 0;
        }
        try {
            return Long.parseLong(committed.metadata().substring(ON_THE_WIRE_UNTIL.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Partitions just assigned, with their committed offsets (null or empty when there are none) and the log's end now;
     * a partition left with requests on the wire waits for them and takes the log's end later.
     */
    void assigned(Collection<TopicPartition> partitions, Map<TopicPartition, OffsetAndMetadata> committed, long now,
                  Map<Integer, Long> logEndsNow) {
        for (TopicPartition partition : partitions) {
            long until = onTheWireUntil(committed == null ? null : committed.get(partition));
            pending.put(partition, until > now ? new Pending(until, null) : new Pending(0, logEndsNow));
        }
    }

    /** Partitions no longer this instance's. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(pending::remove);
    }

    boolean waiting() {
        return !pending.isEmpty();
    }

    /**
     * The partitions that may be sent from now: their previous owner's requests are over and the log has read to where
     * it ended after them. {@code logEnds} is asked once per held partition, when its time has come.
     */
    List<TopicPartition> ready(long now, Supplier<Map<Integer, Long>> logEnds, Predicate<Map<Integer, Long>> caughtUp) {
        List<TopicPartition> ready = new ArrayList<>();
        for (Iterator<Map.Entry<TopicPartition, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, Pending> entry = it.next();
            Pending p = entry.getValue();
            if (p.notBefore() > now) {
                continue;
            }
            if (p.logEnds() == null) {
                entry.setValue(p = new Pending(0, logEnds.get()));
            }
            if (caughtUp.test(p.logEnds())) {
                ready.add(entry.getKey());
                it.remove();
            }
        }
        return ready;
    }
}
