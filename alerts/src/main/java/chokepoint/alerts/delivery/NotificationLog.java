package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Notification;
import chokepoint.topics.TopicFollower;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The record of what was delivered, in the compacted {@code chokepoint.notifications} topic. An entry is written
 * only after the receiver accepted the message (Alertmanager's order): a crash between the two gives at most one
 * repeat, never a loss, and the entry stops every later copy. Every delivery instance follows the whole log, and
 * {@link #catchUp()} waits until it has read what other instances wrote before it takes over their partitions.
 */
public final class NotificationLog implements AutoCloseable {

    /** When each key was delivered; entries past {@link Topics#NOTIFICATION_HORIZON} are forgotten, as the topic deletes them. */
    private final Map<String, Instant> delivered = new ConcurrentHashMap<>();
    private volatile Instant prunedAt = Instant.EPOCH;
    /** The latest message about each breach to each recipient ({@code breachId|recipient}): when, and with how many. */
    private final Map<String, Notification> latest = new ConcurrentHashMap<>();
    private final KafkaProducer<String, Notification> producer;
    private final TopicFollower<Notification> follower;

    public NotificationLog(KafkaClients clients) {
        Properties props = clients.properties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, Topics.NOTIFICATIONS.keySerde().serializer(),
                Topics.NOTIFICATIONS.valueSerde().serializer());
        follower = new TopicFollower<>(clients, Topics.NOTIFICATIONS, (key, notification) -> {
            if (notification != null) {
                delivered.put(key, notification.deliveredAt() == null ? Instant.now() : notification.deliveredAt());
                remember(notification);
            }
        });
        catchUp();
    }

    /** Waits until everything written to the log so far, by any instance, has been read here. */
    public void catchUp() {
        follower.catchUp(Duration.ofSeconds(60));
    }

    public boolean delivered(String key) {
        forgetPastHorizon();
        return delivered.containsKey(key);
    }

    /** How many deliveries are remembered: bounded by the horizon, not by every message ever sent. */
    public int size() {
        return delivered.size();
    }

    private void forgetPastHorizon() {
        Instant now = Instant.now();
        if (now.isBefore(prunedAt.plus(java.time.Duration.ofHours(1)))) {
            return;
        }
        prunedAt = now;
        Instant horizon = now.minus(Topics.NOTIFICATION_HORIZON);
        delivered.values().removeIf(at -> at.isBefore(horizon));
        latest.values().removeIf(n -> n.deliveredAt() != null && n.deliveredAt().isBefore(horizon));
    }

    /** The latest message about a breach that reached a recipient, if any. */
    public java.util.Optional<Notification> latest(String breachId, String recipient) {
        return java.util.Optional.ofNullable(latest.get(breachId + "|" + recipient));
    }

    private void remember(Notification notification) {
        latest.merge(notification.breachId() + "|" + notification.recipient(), notification,
                (old, now) -> now.deliveredAt() != null && (old.deliveredAt() == null || now.deliveredAt().isAfter(old.deliveredAt())) ? now : old);
    }

    /** Records a delivery and waits until Kafka has it. */
    public void record(Notification notification) {
        String key = Notification.key(notification.breachId(), notification.state(), notification.recipient());
        try {
            producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS.name(), key, notification)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the notification log: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the notification log", e);
        }
        delivered.put(key, notification.deliveredAt() == null ? Instant.now() : notification.deliveredAt());
        remember(notification);
    }

    @Override
    public void close() {
        follower.close();
        producer.close(Duration.ofSeconds(5));
    }
}
