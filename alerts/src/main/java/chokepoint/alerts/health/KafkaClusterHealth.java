package chokepoint.alerts.health;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.kafka.ClusterProbe;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.Optional;

/**
 * DOWN, for {@code /health} and {@code /health/readiness}, while the Kafka cluster does not answer ({@link ClusterProbe}:
 * no broker, or no controller quorum, within 3 s), with the reason "Kafka cluster unreachable: ...". Not a liveness
 * check: restarting this process cannot bring the cluster back, and a restart loop during an outage would only add
 * rebalances when it returns.
 */
@Singleton
@Readiness
public class KafkaClusterHealth implements HealthIndicator {

    private final ClusterProbe probe;

    public KafkaClusterHealth(AlertsRuntime runtime) {
        this(new ClusterProbe(runtime.clients()));
    }

    KafkaClusterHealth(ClusterProbe probe) {
        this.probe = probe;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        // The probe may wait seconds for an unreachable cluster: never on an event-loop thread.
        return Mono.fromCallable(probe::problem).subscribeOn(Schedulers.boundedElastic()).map(KafkaClusterHealth::result);
    }

    static HealthResult result(Optional<String> problem) {
        return problem.map(reason -> HealthResult.builder("kafka", HealthStatus.DOWN).details(Map.of("reason", reason)).build())
                .orElseGet(() -> HealthResult.builder("kafka", HealthStatus.UP).build());
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
