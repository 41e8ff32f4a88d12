package chokepoint.alerts.control;

import chokepoint.alerts.AlertsRuntime;
import chokepoint.streams.topology.StreamsApps;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;

/**
 * Runs the {@link ControlTopology} in every alerts process (thresholds, delivery, web): its instances share the work
 * in one group, so rules and subscriptions can be changed whichever of those processes run.
 */
@Context
public class ControlService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlService.class);

    private final KafkaStreams streams;

    public ControlService(AlertsRuntime runtime) {
        Properties config = ControlTopology.config(runtime.config(), runtime.clients());
        StreamsApps.staticMembership(config, runtime.config(), "control");
        streams = new KafkaStreams(ControlTopology.build(), config);
        streams.setStateListener((now, before) -> LOG.info("control: {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("control thread failed, replacing it: {}", exception.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        new KafkaStreamsMetrics(streams).bindTo(Metrics.globalRegistry);
        StreamsApps.register("control", streams);
        streams.start();
    }

    @PreDestroy
    @Override
    public void close() {
        StreamsApps.unregister("control", streams);
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
