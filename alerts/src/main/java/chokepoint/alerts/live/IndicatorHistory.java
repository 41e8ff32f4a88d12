package chokepoint.alerts.live;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.Indicator;
import chokepoint.topics.Topics;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * Indicators published since a past moment, read from the indicators topic (seeking by timestamp) for the live
 * view's time travel. Bounded: at most {@link #MAX_READERS} readings at once and {@link #MAX_INDICATORS} indicators
 * per reading (the oldest first); beyond, the caller is told to wait.
 */
@Singleton
public class IndicatorHistory {

    public static final int MAX_INDICATORS = 5_000;
    private static final int MAX_READERS = 4;

    /** What a reading found, and whether it stopped at the cap. */
    public record Page(List<Indicator> indicators, boolean truncated) {
    }

    private final KafkaClients clients;
    private final Semaphore readers = new Semaphore(MAX_READERS);

    public IndicatorHistory(AlertsRuntime runtime) {
        this.clients = runtime.clients();
    }

    /** Indicators with a record time at or after {@code since}, matching {@code filter}, oldest first; empty when busy. */
    public Optional<Page> since(Instant since, Predicate<Indicator> filter) {
        if (!readers.tryAcquire()) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(since, filter));
        } finally {
            readers.release();
        }
    }

    private Page read(Instant since, Predicate<Indicator> filter) {
        Properties props = clients.properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        List<Indicator> found = new ArrayList<>();
        boolean truncated = false;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, Topics.INDICATORS.keySerde().deserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INDICATORS.name(), Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp at = start.get(partition);
                consumer.seek(partition, at == null ? end.get(partition) : at.offset());
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.currentTimeMillis() < deadline && !truncated) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.timestamp() < since.toEpochMilli()) {
                        continue;
                    }
                    Indicator indicator;
                    try {
                        indicator = Topics.INDICATORS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                    } catch (SerializationException e) {
                        continue;
                    }
                    if (indicator != null && filter.test(indicator)) {
                        found.add(indicator);
                        truncated = found.size() >= MAX_INDICATORS;
                    }
                }
            }
        }
        found.sort(Comparator.comparing(Indicator::occurredAt));
        return new Page(found, truncated);
    }
}
