package chokepoint.alerts.control;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.streams.topology.StreamsApp;
import chokepoint.streams.topology.StreamsApps;
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

    public ControlService(AlertsRuntime runtime) {
        Properties config = ControlTopology.config(runtime.config(), runtime.clients());
        StreamsApps.staticMembership(config, runtime.config(), "control");
        StreamsApps.standbyReplicas(config, runtime.config());
        app = new StreamsApp("control", ControlTopology.build(), config);
        app.start();
    }

    @PreDestroy
    @Override
    public void close() {
        app.close();
    }
}
