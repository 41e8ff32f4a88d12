package chokepoint.alerts.threshold;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.config.RuleChange;
import chokepoint.config.ThresholdRule;
import chokepoint.kafka.KafkaClients;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * The threshold rules in force, as the compacted {@code chokepoint.rules} topic has them, and the way to ask for a
 * change: a {@link RuleChange} on {@code chokepoint.rule-changes}, which the control application (the rules topic's
 * one writer) applies; an edit waits until the rule it wrote is seen here. Read by the web whether or not the
 * threshold topology runs in its process; the topology reads the same topic into its global store.
 */
@Context
@Requires(condition = RulesWanted.class)
public class RuleRegistry implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RuleRegistry.class);

    /** How long an edit waits for the control application to apply it. */
    static final Duration APPLY_TIMEOUT = Duration.ofSeconds(20);

    private final KafkaProducer<String, RuleChange> producer;
    private final TopicTable<ThresholdRule> rules;

    /** @param process the loops of this process, which the rules' follower joins */
    public RuleRegistry(AlertsRuntime runtime, RunningLoops process) {
        this(runtime.clients(), process);
    }

    public RuleRegistry(KafkaClients clients, RunningLoops process) {
        Properties props = clients.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(props, Topics.RULE_CHANGES.keySerde().serializer(), Topics.RULE_CHANGES.valueSerde().serializer());
        rules = new TopicTable<>(clients, Topics.RULES, process);
    }

    /** The rules in force (deleted ones are kept on the topic, not here). */
    public List<ThresholdRule> all() {
        return rules.find(rule -> !rule.deleted());
    }

    public Optional<ThresholdRule> get(String id) {
        return rules.get(id).filter(rule -> !rule.deleted());
    }

    /** Adds or replaces a rule for every instance, as written by {@code by}; returns it as stored. */
    public ThresholdRule put(ThresholdRule rule, String by) {
        return apply(new RuleChange(UUID.randomUUID().toString(), rule.id(), RuleChange.PUT, rule, by, Instant.now()));
    }

    /** Deletes a rule for every instance; its open breaches resolve at once with the reason "rule deleted". */
    public void remove(String ruleId, String by) {
        apply(new RuleChange(UUID.randomUUID().toString(), ruleId, RuleChange.DELETE, null, by, Instant.now()));
    }

    /**
     * Offers the configuration file's rules: each is written only if it was never there, or the file wrote it and
     * has changed it since; an edit or a deletion made through the API stays. Waits until every one of them is on the
     * rules topic (as the file has it, as edited, or as deleted), so that the threshold topology started next counts
     * the first indicators by them; after {@code timeout} it goes on with a warning.
     */
    public void seed(List<ThresholdRule> fileRules, Duration timeout) {
        for (ThresholdRule rule : fileRules) {
            send(new RuleChange(UUID.randomUUID().toString(), rule.id(), RuleChange.SEED, rule, "configuration file", Instant.now()));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fileRules.stream().anyMatch(rule -> rules.get(rule.id()).isEmpty())) {
            if (System.nanoTime() > deadline) {
                LOG.warn("the configuration file's rules are not all on {} after {} s (is a control application running?); "
                        + "counting starts with the rules there are", Topics.RULES.name(), timeout.toSeconds());
                return;
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rules", e);
        }
    }

    private ThresholdRule apply(RuleChange change) {
        send(change);
        long deadline = System.nanoTime() + APPLY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ThresholdRule> seen = rules.get(change.ruleId())
                    .filter(rule -> rule.meta() != null && change.id().equals(rule.meta().change()));
            if (seen.isPresent()) {
                return seen.get();
            }
            pause();
        }
        throw new IllegalStateException("the change of rule " + change.ruleId() + " was not applied within "
                + APPLY_TIMEOUT.toSeconds() + " s: no Chokepoint alerts process (which runs the control application) answers");
    }

    private void send(RuleChange change) {
        try {
            producer.send(new ProducerRecord<>(Topics.RULE_CHANGES.name(), change.ruleId(), change)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write rule " + change.ruleId() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing rule " + change.ruleId(), e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        rules.close();
        producer.close(Duration.ofSeconds(5));
    }
}
