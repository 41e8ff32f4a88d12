package chokepoint.alerts.threshold;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Ready when the threshold topology runs (or rebalances): {@code /health/readiness} is DOWN while it starts or
 * after it failed, so that a load balancer sends no one to an instance that cannot count.
 */
@Singleton
@Readiness
public class ThresholdsReadiness implements HealthIndicator {

    private final ThresholdService thresholds;

    public ThresholdsReadiness(ThresholdService thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        String state = thresholds.state();
        boolean up = state.equals("RUNNING") || state.equals("REBALANCING");
        return Mono.just(HealthResult.builder("thresholds", up ? HealthStatus.UP : HealthStatus.DOWN)
                .details(java.util.Map.of("kafkaStreams", state)).build());
    }
}
