package chokepoint.alerts.corrections;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.Correction;
import chokepoint.run.RunningLoops;
import chokepoint.topics.TopicTable;
import chokepoint.topics.Topics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Where analysts' corrections go: the compacted {@code chokepoint.corrections} topic, keyed by indicator id, which the
 * classifier's topology reads to re-emit each corrected indicator in its place. Every web instance follows the topic
 * whole, so each answers the same list.
 */
@Context
@Requires(property = "chokepoint.run.web", notEquals = "false")
public class CorrectionDesk implements AutoCloseable {

    private final KafkaProducer<String, Correction> producer;
    private final TopicTable<Correction> corrections;

    /** @param process the loops of this process, which the corrections' follower joins */
    public CorrectionDesk(AlertsRuntime runtime, RunningLoops process) {
        this(runtime.clients(), process);
    }

    public CorrectionDesk(KafkaClients clients, RunningLoops process) {
        Properties props = clients.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(props, Topics.CORRECTIONS.keySerde().serializer(),
                Topics.CORRECTIONS.valueSerde().serializer());
        corrections = new TopicTable<>(clients, Topics.CORRECTIONS, process);
    }

    /** Every correction in force, newest first. */
    public List<Correction> all() {
        return corrections.find(c -> true).stream().sorted(Comparator.comparing(Correction::at).reversed()).toList();
    }

    public Optional<Correction> of(String indicatorId) {
        return corrections.get(indicatorId);
    }

    /** Writes a correction; waits until Kafka has it. */
    public void put(Correction correction) {
        send(correction.indicatorId(), correction);
        corrections.applyOwnWrite(correction.indicatorId(), correction);
    }

    /** Withdraws the correction of an indicator: the classifier's reading comes back. */
    public void withdraw(String indicatorId) {
        send(indicatorId, null);
        corrections.applyOwnWrite(indicatorId, null);
    }

    private void send(String id, Correction correction) {
        try {
            producer.send(new ProducerRecord<>(Topics.CORRECTIONS.name(), id, correction)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the correction of " + id + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the correction of " + id, e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        corrections.close();
        producer.close(Duration.ofSeconds(5));
    }
}
