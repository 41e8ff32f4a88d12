package chokepoint.alerts.health;

import chokepoint.run.RunningLoops;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;

/**
 * The gauges of this process's supervised loops ({@code chokepoint_worker_up}, {@code chokepoint_worker_restarts}) in
 * the context's meter registry, which {@code /prometheus} exports, from the context's start to its close: those of this
 * process only, where the JVM's global registry would show every pipeline's in the JVM.
 */
@Context
@Requires(bean = MeterRegistry.class)
public class LoopMetrics {

    private final RunningLoops loops;
    private final MeterRegistry registry;

    public LoopMetrics(RunningLoops loops, MeterRegistry registry) {
        this.loops = loops;
        this.registry = registry;
        loops.meterOn(registry);
    }

    @PreDestroy
    void close() {
        loops.meterOff(registry);
    }
}
