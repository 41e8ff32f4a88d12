package chokepoint.alerts.live;

import chokepoint.records.Breach;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** chokepoint_breaches_total counts breaches firing and resolving, not the records of their updates. */
class BreachCounterTest {

    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    private static Breach breach(String id, Breach.State state, Instant firedAt, Instant updatedAt) {
        return new Breach(id, "r", "rule", "count", "CN", "CN", List.of("EU"), List.of(), state, 2, 2, 1, "P7D", firedAt,
                updatedAt, List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void firingUpdatesAndResolutionCountOncePerChange() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BreachCounter counter = new BreachCounter(registry);
        counter.accept(breach("a", Breach.State.FIRING, T0, T0));
        for (int update = 1; update <= 28; update++) {
            counter.accept(breach("a", Breach.State.FIRING, T0, T0.plusSeconds(update * 60L)));
        }
        counter.accept(breach("a", Breach.State.RESOLVED, T0, T0.plusSeconds(86_400 * 8)));
        counter.accept(breach("a", Breach.State.FIRING, T0, T0.plusSeconds(86_400 * 9)));
        // A tail that starts in the middle of another breach's life: its updates are not new breaches.
        counter.accept(breach("b", Breach.State.FIRING, T0, T0.plusSeconds(3600)));
        counter.accept(breach("c", Breach.State.RESOLVED, T0, T0.plusSeconds(3600)));

        assertEquals(2.0, registry.get("chokepoint.breaches").tag("state", "FIRING").counter().count(),
                "a fired, and fired again after resolving; 28 updates and b's are not counted");
        assertEquals(1.0, registry.get("chokepoint.breaches").tag("state", "RESOLVED").counter().count());
    }
}
