package chokepoint.alerts.delivery;

import chokepoint.records.Notification;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.util.Optional;

/**
 * Questions to the notification log's store (bytes by {@code breachId|phase|recipient}), asked the same way by the
 * delivery topology (dedup) and the sender (the check before sending). A record that cannot be read counts as
 * absent; entries older than {@link Topics#NOTIFICATION_HORIZON} too, as the topic deletes them.
 */
public final class NotificationLookup {

    private NotificationLookup() {
    }

    public static boolean delivered(ReadOnlyKeyValueStore<String, byte[]> store, String key) {
        Notification notification = readable(store.get(key));
        return notification != null && current(notification);
    }

    /** The latest message about a breach that reached a recipient, if any. */
    public static Optional<Notification> latest(ReadOnlyKeyValueStore<String, byte[]> store, String breachId, String recipient) {
        Notification latest = null;
        try (KeyValueIterator<String, byte[]> phases = store.prefixScan(breachId + "|", new StringSerializer())) {
            while (phases.hasNext()) {
                Notification notification = readable(phases.next().value);
                if (notification != null && recipient.equals(notification.recipient()) && current(notification)
                        && notification.deliveredAt() != null
                        && (latest == null || notification.deliveredAt().isAfter(latest.deliveredAt()))) {
                    latest = notification;
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    private static boolean current(Notification notification) {
        return notification.deliveredAt() == null || notification.deliveredAt().isAfter(Instant.now().minus(Topics.NOTIFICATION_HORIZON));
    }

    /** When a stored delivery happened, for the store to forget it with its topic; null when unreadable or unsaid. */
    static Instant deliveredAt(byte[] bytes) {
        Notification notification = readable(bytes);
        return notification == null ? null : notification.deliveredAt();
    }

    private static Notification readable(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return Topics.NOTIFICATIONS.valueSerde().deserializer().deserialize(Topics.NOTIFICATIONS.name(), bytes);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
