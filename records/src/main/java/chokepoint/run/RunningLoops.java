package chokepoint.run;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The supervised loops of one process, for its health and its metrics: {@code /health} is DOWN while any of them is down
 * (see {@link SupervisedLoop#up()}), and each loop name is the gauge {@code chokepoint_worker_up{worker}} (1 while every
 * loop of that name runs, 0 otherwise) with {@code chokepoint_worker_restarts{worker}}.
 *
 * <p>One per process, not a static set, as {@code RunningApps} for the Streams
 * applications: {@code Pipeline} makes it and hands it to ingest, to the alerts context (a bean that the followers,
 * delivery and digests take, and that the health indicators read) and to the endpoints of a process without the web. A
 * loop joins when it starts and leaves when it is stopped. Two pipelines in one JVM, as the integration tests start
 * them, each judge and show only their own loops. The gauges live in a registry of this object's own, which copies them
 * into the registries the process exports ({@link #meterOn}: the alerts context's, or the endpoints' of a process
 * without one) and takes them out when their last loop leaves; none goes to the JVM's global registry, which every
 * pipeline in the JVM exports.
 */
public final class RunningLoops {

    private final Set<SupervisedLoop> loops = ConcurrentHashMap.newKeySet();
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    /** The gauges of each loop name, registered while a loop of that name is here. */
    private final Map<String, List<Meter>> gauges = new LinkedHashMap<>();

    void join(SupervisedLoop loop) {
        synchronized (gauges) {
            loops.add(loop);
            gauges.computeIfAbsent(loop.name(), this::register);
        }
    }

    void leave(SupervisedLoop loop) {
        synchronized (gauges) {
            if (loops.remove(loop) && named(loop.name()).isEmpty()) {
                gauges.remove(loop.name()).forEach(meters::remove);
            }
        }
    }

    private List<Meter> register(String name) {
        return List.of(
                Gauge.builder("chokepoint.worker.up", this, process -> process.upByName(name) ? 1 : 0)
                        .description("1 while the worker's loop runs, 0 while it restarts after a failure")
                        .tag("worker", name).strongReference(true).register(meters),
                Gauge.builder("chokepoint.worker.restarts", this,
                                process -> process.named(name).stream().mapToInt(SupervisedLoop::restarts).sum())
                        .description("times the worker's loop was started again after a failure")
                        .tag("worker", name).strongReference(true).register(meters));
    }

    private boolean upByName(String name) {
        List<SupervisedLoop> same = named(name);
        return !same.isEmpty() && same.stream().allMatch(loop -> !loop.stopped() && loop.up());
    }

    private List<SupervisedLoop> named(String name) {
        return loops.stream().filter(loop -> loop.name().equals(name)).toList();
    }

    /**
     * Shows this process's gauges in {@code registry} (those of the loops running now, and of those that start later)
     * until {@link #meterOff}: the registry the process's {@code /prometheus} exports.
     */
    public void meterOn(MeterRegistry registry) {
        meters.add(registry);
    }

    /** Stops copying the gauges into {@code registry} (the exporter closes). */
    public void meterOff(MeterRegistry registry) {
        meters.remove(registry);
    }

    /** True when every loop of this process is up. */
    public boolean allUp() {
        return loops.stream().allMatch(SupervisedLoop::up);
    }

    /** Each loop's state, for a health report: name → state, restarts and last error. */
    public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        List<SupervisedLoop> sorted = new ArrayList<>(loops);
        sorted.sort(Comparator.comparing(SupervisedLoop::name));
        for (SupervisedLoop loop : sorted) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", loop.state().name());
            entry.put("since", loop.since().toString());
            entry.put("restarts", loop.restarts());
            if (loop.lastError() != null) {
                entry.put("lastError", loop.lastError());
            }
            // Two loops of one name (two followers of a topic): the one that is down is what the reader must see.
            report.merge(loop.name(), entry, (a, b) -> "RESTARTING".equals(((Map<?, ?>) a).get("state")) ? a : b);
        }
        return report;
    }
}
