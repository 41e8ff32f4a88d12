package chokepoint.run;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The supervised loops of this process, for health and metrics: {@code /health} is DOWN while any of them is down
 * (see {@link SupervisedLoop#up()}), and each is the gauge {@code chokepoint_worker_up{worker}} (1 or 0) with the
 * counter {@code chokepoint_worker_restarts}.
 */
public final class Workers {

    private static final Set<SupervisedLoop> LOOPS = ConcurrentHashMap.newKeySet();

    private Workers() {
    }

    static void register(SupervisedLoop loop) {
        LOOPS.add(loop);
        Gauge.builder("chokepoint.worker.up", loop, l -> l.stopped() ? 0 : l.up() ? 1 : 0)
                .description("1 while the worker's loop runs, 0 while it restarts after a failure")
                .tag("worker", loop.name()).strongReference(false).register(Metrics.globalRegistry);
        Gauge.builder("chokepoint.worker.restarts", loop, SupervisedLoop::restarts)
                .description("times the worker's loop was started again after a failure")
                .tag("worker", loop.name()).strongReference(false).register(Metrics.globalRegistry);
    }

    static void unregister(SupervisedLoop loop) {
        LOOPS.remove(loop);
    }

    /** True when every registered loop is up. */
    public static boolean allUp() {
        return LOOPS.stream().allMatch(SupervisedLoop::up);
    }

    /** Each loop's state, for a health report: name → state, restarts and last error. */
    public static Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        List<SupervisedLoop> loops = new ArrayList<>(LOOPS);
        loops.sort(java.util.Comparator.comparing(SupervisedLoop::name));
        for (SupervisedLoop loop : loops) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", loop.state().name());
            entry.put("since", loop.since().toString());
            entry.put("restarts", loop.restarts());
            if (loop.lastError() != null) {
                entry.put("lastError", loop.lastError());
            }
            report.merge(loop.name(), entry, (a, b) -> b);
        }
        return report;
    }
}
