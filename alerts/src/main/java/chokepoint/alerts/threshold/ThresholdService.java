package chokepoint.alerts.threshold;

import chokepoint.alerts.AlertsRuntime;
import chokepoint.streams.topology.StreamsApps;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;

/**
 * Runs the {@link ThresholdTopology} (with source health) and offers the configuration file's rules at start-up:
 * a rule of the file is written when it was never there or when the file changed it, never over an edit or a
 * deletion made through the API ({@link RuleRegistry#seed}). Inside the alerts service, or in a process of its own
 * ({@code --services thresholds}).
 */
@Context
@Requires(property = "chokepoint.run.thresholds", notEquals = "false")
public class ThresholdService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ThresholdService.class);

    private final KafkaStreams streams;

    public ThresholdService(AlertsRuntime runtime, RuleRegistry rules) {
        rules.seed(runtime.config().rules());
        Properties config = ThresholdTopology.config(runtime.config(), runtime.clients());
        StreamsApps.staticMembership(config, runtime.config(), "thresholds");
        streams = new KafkaStreams(ThresholdTopology.build(chokepoint.topics.Lane.live(), runtime.config().kafka().partitions(), ThresholdTopology.UPDATE_INTERVAL), config);
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

    @PreDestroy
    public void close() {
        StreamsApps.unregister("thresholds", streams);
        // Leave the group on a clean stop so that the next start (or another instance) takes the tasks at
        // once instead of after the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
