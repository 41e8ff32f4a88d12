package chokepoint.run;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two processes' loops in one JVM, as two pipelines of the integration tests run them: each judges, reports and meters
 * only its own (they were once one static set, and one process's failing loop made every process in the JVM DOWN).
 */
class RunningLoopsTest {

    private static final SupervisedLoop.Body FAILING = (markRunning, running) -> {
        throw new IllegalStateException("injected failure");
    };

    private static final SupervisedLoop.Body HEALTHY = (markRunning, running) -> {
        markRunning.run();
        while (running.getAsBoolean()) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    };

    @Test
    void aLoopFailingInOneProcessLeavesTheOtherUpAndEachReportsAndMetersOnlyItsOwn() {
        RunningLoops one = new RunningLoops();
        RunningLoops other = new RunningLoops();
        SimpleMeterRegistry oneMeters = new SimpleMeterRegistry();
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        one.meterOn(oneMeters);
        try (SupervisedLoop failing = SupervisedLoop.start("delivery-send", FAILING, one);
             SupervisedLoop healthy = SupervisedLoop.start("delivery-send", HEALTHY, other)) {
            // Metered from now on, with what runs already.
            other.meterOn(otherMeters);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertEquals(SupervisedLoop.State.RESTARTING, failing.state());
                assertEquals(SupervisedLoop.State.RUNNING, healthy.state());
            });
            assertFalse(one.allUp(), one.report().toString());
            assertTrue(other.allUp(), "the other process knows nothing of the failing loop: " + other.report());
            assertTrue(one.report().toString().contains("injected failure"), one.report().toString());
            assertFalse(other.report().toString().contains("injected failure"), other.report().toString());
            assertEquals(0.0, up(oneMeters, "delivery-send").value());
            assertEquals(1.0, up(otherMeters, "delivery-send").value());
            assertTrue(oneMeters.get("chokepoint.worker.restarts").tag("worker", "delivery-send").gauge().value() >= 1);
        }
        assertTrue(one.report().isEmpty() && other.report().isEmpty(), "stopped loops leave their process");
        assertTrue(one.allUp(), "no loop left, none down");
        assertNull(oneMeters.find("chokepoint.worker.up").gauge(), "and their gauges leave its registry");
        assertNull(otherMeters.find("chokepoint.worker.up").gauge());
    }

    @Test
    void twoLoopsOfOneNameAreOneGaugeDownWhileEitherIsAndReportedByTheOneThatIsDown() {
        RunningLoops process = new RunningLoops();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        process.meterOn(meters);
        try (SupervisedLoop first = SupervisedLoop.start("follow-chokepoint.rules", HEALTHY, process)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.state() == SupervisedLoop.State.RUNNING);
            assertEquals(1.0, up(meters, "follow-chokepoint.rules").value());
            try (SupervisedLoop second = SupervisedLoop.start("follow-chokepoint.rules", FAILING, process)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> second.state() == SupervisedLoop.State.RESTARTING);
                assertEquals(0.0, up(meters, "follow-chokepoint.rules").value());
                assertEquals(Set.of("follow-chokepoint.rules"), process.report().keySet());
                assertTrue(process.report().toString().contains("injected failure"), process.report().toString());
            }
            assertEquals(1.0, up(meters, "follow-chokepoint.rules").value(), "the gauge stays while one of the name runs");
            assertTrue(process.allUp());
        }
        assertNull(meters.find("chokepoint.worker.up").gauge());
        process.meterOff(meters);
    }

    private static Gauge up(SimpleMeterRegistry meters, String worker) {
        return meters.get("chokepoint.worker.up").tag("worker", worker).gauge();
    }
}
