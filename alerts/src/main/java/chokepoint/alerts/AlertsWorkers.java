package chokepoint.alerts;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.config.ChokepointConfig;
import chokepoint.kafka.KafkaClients;
import chokepoint.run.RunningLoops;
import chokepoint.streams.topology.RunningApps;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanRegistration;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Threshold evaluation or delivery in a process without the web ({@code --services thresholds}, {@code delivery}):
 * the alerts service's context with the same beans (control, and thresholds or delivery, each a Streams application
 * started with the context and closed with it, dependents first), started without its HTTP server and without the
 * web's beans ({@code chokepoint.run.web=false}), so that each can be scaled and sized for its own load (evaluation
 * holds windows in RocksDB; delivery waits on receivers). Health and metrics are the process's own endpoints.
 */
public final class AlertsWorkers implements AutoCloseable {

    private final ApplicationContext context;

    private AlertsWorkers(ApplicationContext context) {
        this.context = context;
    }

    /**
     * @param process the Streams applications of this process, a bean of the context that those started here join
     * @param loops   the supervised loops of this process, a bean of the context that the loops started here join
     */
    public static AlertsWorkers start(ChokepointConfig config, KafkaClients clients, boolean thresholds, boolean delivery,
                                      RunningApps process, RunningLoops loops) {
        // A plain context, not Micronaut.run: nothing starts the embedded server.
        ApplicationContext context = ApplicationContext.builder()
                .banner(false)
                .singletons(new AlertsRuntime(config, clients), process, loops)
                .properties(Map.of(
                        "chokepoint.run.web", false,
                        "chokepoint.run.thresholds", thresholds,
                        "chokepoint.run.delivery", delivery))
                .build();
        try {
            context.start();
        } catch (RuntimeException e) {
            destroyMade(context);
            throw e;
        }
        return new AlertsWorkers(context);
    }

    /**
     * A context that failed to start (the file's rules not seeded in time, delivery not running) is not running, and
     * closing it does nothing: the beans it made before the failure (the control application, started) are
     * destroyed here, as a stop would, so that a failed start leaves nothing running.
     */
    private static void destroyMade(ApplicationContext context) {
        List<BeanRegistration<Object>> made = new ArrayList<>(context.getActiveBeanRegistrations(Object.class));
        Collections.reverse(made);
        for (BeanRegistration<Object> bean : made) {
            try {
                context.destroyBean(bean);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(AlertsWorkers.class).warn("while stopping {}: {}", bean.getBeanDefinition().getName(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
