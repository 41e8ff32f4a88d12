package chokepoint.alerts.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far this instance's copy of the notification log has read each partition of the topic: what
 * {@link NotificationLog#catchUp()} compares with the topic's end before a sender takes over another's receivers.
 */
public final class LogProgress {

    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();

    public void reached(int partition, long nextOffset) {
        applied.merge(partition, nextOffset, Math::max);
    }

    long at(int partition) {
        return applied.getOrDefault(partition, 0L);
    }
}
