package chokepoint.alerts.health;

import chokepoint.run.RunningLoops;
import chokepoint.streams.topology.RunningApps;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Alive while no worker loop is down (restarting after a failure) and no Streams application has failed for good:
 * {@code /health} and {@code /health/liveness} say DOWN otherwise, with which one and why, so that an orchestrator
 * restarts a process that goes on answering HTTP while its work has stopped.
 */
@Singleton
@Liveness
public class WorkersLiveness implements HealthIndicator {

    private final RunningApps apps;
    private final RunningLoops loops;

    /**
     * @param apps  the Streams applications of this process (not of other pipelines in the same JVM)
     * @param loops the supervised loops of this process (idem)
     */
    public WorkersLiveness(RunningApps apps, RunningLoops loops) {
        this.apps = apps;
        this.loops = loops;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean up = loops.allUp() && apps.noneFailed();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("workers", loops.report());
        details.put("streams", apps.states());
        return Mono.just(HealthResult.builder("workers", up ? HealthStatus.UP : HealthStatus.DOWN).details(details).build());
    }
}
