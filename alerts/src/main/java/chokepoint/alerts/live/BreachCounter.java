package chokepoint.alerts.live;

import chokepoint.records.Breach;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts breaches, not their records: {@code chokepoint_breaches_total{state="FIRING"}} once when a breach fires (or
 * fires again after it resolved), {@code state="RESOLVED"} once when it resolves; the updates of a firing breach
 * (each new indicator it gathers is a record) are not counted.
 */
final class BreachCounter {

    /** Breaches remembered by their last state: far more than fire in a day. */
    private static final int REMEMBERED = 10_000;

    private final MeterRegistry registry;
    private final Map<String, Breach.State> lastState = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Breach.State> eldest) {
            return size() > REMEMBERED;
        }
    };

    BreachCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    synchronized void accept(Breach breach) {
        Breach.State before = lastState.put(breach.id(), breach.state());
        boolean counts = switch (breach.state()) {
            // First seen firing: new only if this is the record of its crossing (the tail may start in mid-life).
            case FIRING -> before == Breach.State.RESOLVED
                    || before == null && breach.firedAt() != null && breach.firedAt().equals(breach.updatedAt());
            case RESOLVED -> before == Breach.State.FIRING;
        };
        if (counts) {
            Counter.builder("chokepoint.breaches").description("breaches that fired or resolved (not their updates)")
                    .tag("state", breach.state().name()).tag("kind", String.valueOf(breach.kind()))
                    .register(registry).increment();
        }
    }
}
