package chokepoint.alerts.delivery;

import chokepoint.records.Notification;
import chokepoint.topics.TopicReader;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The record of what was delivered, in the compacted {@code chokepoint.notifications} topic. An entry is written
 * only after the receiver accepted the message (Alertmanager's order): a crash between the two gives at most one
 * repeat, never a loss, and the entry stops every later copy.
 */
public final class NotificationLog implements AutoCloseable {

    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final KafkaProducer<String, Notification> producer;

    public NotificationLog(String bootstrapServers) {
        TopicReader.readAll(bootstrapServers, Topics.NOTIFICATIONS, (key, value) -> {
            if (value != null) {
                delivered.add(key);
            }
        });
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, Topics.NOTIFICATIONS.keySerde().serializer(),
                Topics.NOTIFICATIONS.valueSerde().serializer());
    }

    public boolean delivered(String key) {
        return delivered.contains(key);
    }

    /** Records a delivery and waits until Kafka has it. */
    public void record(Notification notification) {
        String key = Notification.key(notification.breachId(), notification.state(), notification.channel());
        try {
            producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS.name(), key, notification)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the notification log: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the notification log", e);
        }
        delivered.add(key);
    }

    @Override
    public void close() {
        producer.close();
    }
}
