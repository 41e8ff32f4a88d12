package chokepoint.alerts.threshold;

import chokepoint.alerts.AlertsRuntime;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Runs the {@link ThresholdTopology} inside the alerts service for as long as the service runs. */
@Context
public class ThresholdService {

    private static final Logger LOG = LoggerFactory.getLogger(ThresholdService.class);

    private final KafkaStreams streams;

    public ThresholdService(AlertsRuntime runtime) {
        streams = new KafkaStreams(ThresholdTopology.build(runtime.config().rules()),
                ThresholdTopology.config(runtime.config(), runtime.bootstrapServers()));
        streams.setStateListener((now, before) -> LOG.info("thresholds: {} -> {}", before, now));
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @PreDestroy
    void close() {
        // Leave the group on a clean stop so that the next start (or another instance) takes the tasks at
        // once instead of after the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
