package chokepoint.alerts.health;

import chokepoint.run.RunningLoops;
import chokepoint.streams.topology.RunningApps;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready when every Kafka Streams application of this process is RUNNING and every worker loop is up:
 * {@code /health/readiness} is DOWN while one starts, restores or rebalances (it would answer queries with errors and
 * count nothing yet), so that a load balancer sends no one to an instance that cannot answer.
 */
@Singleton
@Readiness
public class StreamsReadiness implements HealthIndicator {

    private final RunningApps apps;
    private final RunningLoops loops;

    /**
     * @param apps  the Streams applications of this process (not of other pipelines in the same JVM)
     * @param loops the supervised loops of this process (idem)
     */
    public StreamsReadiness(RunningApps apps, RunningLoops loops) {
        this.apps = apps;
        this.loops = loops;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean up = apps.allRunning() && loops.allUp();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("streams", apps.states());
        details.put("workers", loops.report());
        return Mono.just(HealthResult.builder("pipeline", up ? HealthStatus.UP : HealthStatus.DOWN).details(details).build());
    }
}
