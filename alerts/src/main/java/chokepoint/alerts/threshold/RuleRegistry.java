package chokepoint.alerts.threshold;

import chokepoint.alerts.AlertsRuntime;
import chokepoint.config.ThresholdRule;
import chokepoint.kafka.KafkaClients;
import chokepoint.topics.TopicTable;
import chokepoint.topics.Topics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * The threshold rules in force, as the compacted {@code chokepoint.rules} topic has them, and the way to change them
 * for every instance. Read by the web whether or not the threshold topology runs in its process; the topology reads
 * the same topic into its global store.
 */
@Context
public class RuleRegistry implements AutoCloseable {

    private final KafkaProducer<String, ThresholdRule> producer;
    private final TopicTable<ThresholdRule> rules;

    public RuleRegistry(AlertsRuntime runtime) {
        this(runtime.clients());
    }

    public RuleRegistry(KafkaClients clients) {
        Properties props = clients.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(props, Topics.RULES.keySerde().serializer(), Topics.RULES.valueSerde().serializer());
        rules = new TopicTable<>(clients, Topics.RULES);
    }

    public List<ThresholdRule> all() {
        return rules.find(rule -> true);
    }

    /** Adds or replaces a rule for every instance; waits until Kafka has it. */
    public void put(ThresholdRule rule) {
        send(rule.id(), rule);
        rules.applyOwnWrite(rule.id(), rule);
    }

    /** Removes a rule for every instance; its open breaches are resolved at the next check of stream time. */
    public void remove(String ruleId) {
        send(ruleId, null);
        rules.applyOwnWrite(ruleId, null);
    }

    private void send(String id, ThresholdRule rule) {
        try {
            producer.send(new ProducerRecord<>(Topics.RULES.name(), id, rule)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write rule " + id + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing rule " + id, e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        rules.close();
        producer.close(Duration.ofSeconds(5));
    }
}
