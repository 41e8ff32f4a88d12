package chokepoint.alerts.threshold;

import chokepoint.alerts.AlertsRuntime;
import chokepoint.config.ThresholdRule;
import chokepoint.records.NotReadyYet;
import chokepoint.streams.topology.StreamsApps;
import chokepoint.topics.Topics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Runs the {@link ThresholdTopology} inside the alerts service, writes the configuration file's rules to the rules
 * topic at start-up (rules added through the API stay until removed; rules of the file are applied again at every
 * start), and answers queries on rules and breach history from the topology's stores.
 */
@Context
public class ThresholdService {

    private static final Logger LOG = LoggerFactory.getLogger(ThresholdService.class);

    private final KafkaStreams streams;
    private final KafkaProducer<String, ThresholdRule> rulesProducer;

    public ThresholdService(AlertsRuntime runtime) {
        Properties props = runtime.clients().properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        rulesProducer = new KafkaProducer<>(props, Topics.RULES.keySerde().serializer(), Topics.RULES.valueSerde().serializer());
        for (ThresholdRule rule : runtime.config().rules()) {
            put(rule);
        }
        Properties config = ThresholdTopology.config(runtime.config(), runtime.clients());
        StreamsApps.staticMembership(config, runtime.config(), "thresholds");
        streams = new KafkaStreams(ThresholdTopology.build(), config);
        streams.setStateListener((now, before) -> LOG.info("thresholds: {} -> {}", before, now));
        // Records it cannot read or process go to the dead letters (DeadLetterHandler); what is left is a bad moment
        // (a broker lost mid-commit): the thread is replaced and carries on from the last commit, exactly once.
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("thresholds thread failed, replacing it: {}", exception.toString());
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        // Streams metrics, consumer lag among them, in the process registry exported at /prometheus.
        new KafkaStreamsMetrics(streams).bindTo(Metrics.globalRegistry);
        StreamsApps.register("thresholds", streams);
        streams.start();
    }

    /** The Kafka Streams state of the threshold topology (CREATED, REBALANCING, RUNNING, ERROR…). */
    public String state() {
        return streams.state().name();
    }

    /** Adds or replaces a rule for every instance; waits until Kafka has it. */
    public void put(ThresholdRule rule) {
        send(rule.id(), rule);
    }

    /** Removes a rule for every instance; its open breaches are resolved at the next check of stream time. */
    public void remove(String ruleId) {
        send(ruleId, null);
    }

    private void send(String id, ThresholdRule rule) {
        try {
            rulesProducer.send(new ProducerRecord<>(Topics.RULES.name(), id, rule)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write rule " + id + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing rule " + id, e);
        }
    }

    /** The rules in force, as this instance's global store has them. */
    public List<ThresholdRule> rules() {
        List<ThresholdRule> rules = new ArrayList<>();
        ReadOnlyKeyValueStore<String, ThresholdRule> store;
        try {
            store = streams.store(StoreQueryParameters.fromNameAndType(RuleBook.STORE, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyYet("the rules are not loaded yet (the service is starting or rebalancing)", e);
        }
        try (KeyValueIterator<String, ThresholdRule> all = store.all()) {
            all.forEachRemaining(entry -> rules.add(entry.value));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyYet("the rules moved while they were read (rebalancing)", e);
        }
        return rules;
    }

    @PreDestroy
    void close() {
        StreamsApps.unregister("thresholds", streams);
        // Leave the group on a clean stop so that the next start (or another instance) takes the tasks at
        // once instead of after the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        rulesProducer.close();
    }
}
