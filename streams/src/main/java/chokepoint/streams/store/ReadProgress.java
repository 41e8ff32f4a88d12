package chokepoint.streams.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far a copy of a topic ({@link StoreCopy}) has read each partition: what a reader compares with the topic's end
 * before it trusts the copy (the notification log before a sender takes over another's receivers, {@link StoredTopic}
 * before it answers).
 */
public final class ReadProgress {

    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();

    public void reached(int partition, long nextOffset) {
        applied.merge(partition, nextOffset, Math::max);
    }

    /** The next offset to read in {@code partition}: 0 before anything was read. */
    public long at(int partition) {
        return applied.getOrDefault(partition, 0L);
    }
}
