package chokepoint.alerts.control;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.streams.topology.StreamsApp;
import chokepoint.streams.topology.RunningApps;
import chokepoint.streams.topology.StreamsAppConfig;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

import java.util.Properties;

/**
 * Runs the {@link ControlTopology} in every alerts process (thresholds, delivery, web): its instances share the work
 * in one group, so rules and subscriptions can be changed whichever of those processes run.
 */
@Context
public class ControlService implements AutoCloseable {

    private final StreamsApp app;

    /** @param process the applications of this process, which this one joins for health */
    public ControlService(AlertsRuntime runtime, RunningApps process) {
        Properties config = ControlTopology.config(runtime.config(), runtime.clients());
        StreamsAppConfig.staticMembership(config, runtime.config(), "control");
        StreamsAppConfig.standbyReplicas(config, runtime.config());
        app = new StreamsApp("control", ControlTopology.build(), config, process);
        app.start();
    }

    @PreDestroy
    @Override
    public void close() {
        app.close();
    }
}
