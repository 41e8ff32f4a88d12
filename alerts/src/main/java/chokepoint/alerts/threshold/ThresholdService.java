package chokepoint.alerts.threshold;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.streams.topology.StreamsApp;
import chokepoint.streams.topology.RunningApps;
import chokepoint.streams.topology.StreamsAppConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;

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

    private final StreamsApp app;

    /**
     * @param control the rules' writer, started first: the file's rules are seeded through it before counting starts
     *                (and, a dependency, it is closed after this one)
     * @param process the applications of this process, which this one joins for health
     */
    public ThresholdService(AlertsRuntime runtime, RuleRegistry rules, chokepoint.alerts.control.ControlService control,
                            RunningApps process) {
        rules.seed(runtime.config().rules(), java.time.Duration.ofSeconds(60));
        Properties config = ThresholdTopology.config(runtime.config(), runtime.clients());
        StreamsAppConfig.staticMembership(config, runtime.config(), "thresholds");
        StreamsAppConfig.standbyReplicas(config, runtime.config());
        // Records it cannot read or process go to the dead letters (DeadLetterHandler); a thread that fails anyway
        // is replaced, and one that keeps failing makes readiness DOWN (StreamsApp).
        app = new StreamsApp("thresholds", ThresholdTopology.build(chokepoint.topics.Lane.live(),
                runtime.config().kafka().partitions(), ThresholdTopology.UPDATE_INTERVAL), config, process);
        app.start();
    }

    /** The Kafka Streams state of the threshold topology (CREATED, REBALANCING, RUNNING, ERROR…). */
    public String state() {
        return app.streams().state().name();
    }

    @PreDestroy
    public void close() {
        app.close();
    }
}
