package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.alerts.delivery.DeliveryService;
import chokepoint.records.Breach;
import chokepoint.run.SupervisedLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery when processes die and instances come and go: the notification log, written after the receiver
 * accepted, bounds the copies; consumer-group handover loses nothing.
 */
@Tag("integration")
@Timeout(240)
class DeliveryCrashAndScaleTest extends FreshClusterTest {


    @Test
    void killedAfterTheReceiverAcceptedButBeforeTheLogWasWrittenGivesAtMostOneRepeatAndThenNoMore() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver();
             DeliveryFixture fixture = new DeliveryFixture(cluster.bootstrapServers(), dir, receiver)) {
            fixture.subscribe("ana", "{\"name\": \"crash\", \"filter\": {\"rules\": [\"crash-rule\"]}, \"channels\": "
                    + "[{\"type\": \"webhook\", \"url\": \"" + receiver.url("/crash") + "\"}]}");
            AtomicReference<DeliveryService> first = new AtomicReference<>();
            AtomicBoolean killed = new AtomicBoolean();
            first.set(fixture.startDelivery((recipient, breaches) -> {
                if (!killed.getAndSet(true)) {
                    first.get().halt();
                    throw new DeliveryService.Halted();
                }
            }));
            fixture.fire(DeliveryFixture.breach("crash-1", "crash-rule", "CN", "MOFCOM export controls on gallium"));
            receiver.await("/crash", r -> r.size() == 1, Duration.ofSeconds(60));
            // The receiver records the request before its answer reaches the sender, whose hook then halts the
            // process: wait for the halt rather than read it at the instant the request is seen.
            await().alias("the receiver accepted and the process died before writing the log")
                    .atMost(Duration.ofSeconds(30)).untilTrue(killed);
            first.get().close();
            assertEquals(1, receiver.requests("/crash").size());

            try (DeliveryService second = fixture.startDelivery()) {
                receiver.await("/crash", r -> r.size() == 2, Duration.ofSeconds(60));
            }
            assertEquals(2, receiver.requests("/crash").size(), "the restart sent the one message again, once");
            try (DeliveryService third = fixture.startDelivery()) {
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertEquals(2, DeliveryFixture.mentions(bodies(receiver, "/crash"), "crash-1"),
                                "at least once, at most twice, then no more copies"));
            }
            assertEquals(2, DeliveryFixture.mentions(bodies(receiver, "/crash"), "crash-1"), "at least once, at most twice, then no more copies");
        }
    }

    @Test
    void aDeliveryLoopKilledByAnErrorShowsDownThenRestartsAndDeliversWhatItHad() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver();
             DeliveryFixture fixture = new DeliveryFixture(cluster.bootstrapServers(), dir, receiver)) {
            fixture.subscribe("ana", "{\"name\": \"broken\", \"filter\": {\"rules\": [\"broken-rule\"]}, \"channels\": "
                    + "[{\"type\": \"webhook\", \"url\": \"" + receiver.url("/broken") + "\"}]}");
            AtomicBoolean injected = new AtomicBoolean();
            try (DeliveryService service = fixture.startDelivery((recipient, breaches) -> {
                if (!injected.getAndSet(true)) {
                    throw new IllegalStateException("injected failure inside the delivery loop");
                }
            })) {
                SupervisedLoop loop = service.deliveryLoop();
                fixture.fire(DeliveryFixture.breach("broken-1", "broken-rule", "CN", "MOFCOM export controls on graphite"));
                // Down is a passing state (until the supervisor restarts the loop): asked often enough to see it.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                        assertTrue(loop.state() == SupervisedLoop.State.RESTARTING && !service.loops().allUp()
                                && service.loops().report().toString().contains("injected failure"),
                                "the loop reported itself down, with the error: " + service.loops().report()));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .untilAsserted(() -> assertEquals(SupervisedLoop.State.RUNNING, loop.state()));
                assertEquals(1, loop.restarts());
                // The receiver took the message before the loop failed, and the log was not written: sent again.
                receiver.await("/broken", r -> r.size() == 2, Duration.ofSeconds(60));
                fixture.fire(DeliveryFixture.breach("broken-2", "broken-rule", "CN", "MOFCOM export controls on tungsten"));
                receiver.await("/broken", r -> r.size() == 3, Duration.ofSeconds(60));
                assertTrue(service.loops().allUp(), service.loops().report().toString());
            }
        }
    }

    @Test
    void aBurstOf500BreachesWhileDeliveryScalesFromOneToTwoAndBackLosesNoneAndRepeatsNone() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver();
             // A request the receiver took but answered after the deadline is sent again (a webhook has no idempotency
             // key): the deadline is the default's 10 s, far above the receiver's 150 ms, so that a loaded machine
             // does not turn slow answers into copies and "none repeated" checks the hand-over alone.
             DeliveryFixture fixture = new DeliveryFixture(cluster.bootstrapServers(), dir, receiver, Duration.ofSeconds(10),
                     Duration.ofSeconds(2))) {
            receiver.delay("/burst", 150);
            fixture.subscribe("ana", "{\"name\": \"burst\", \"filter\": {\"rules\": [\"burst-rule\"]}, \"channels\": "
                    + "[{\"type\": \"webhook\", \"url\": \"" + receiver.url("/burst") + "\"}]}");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                ids.add("burst-" + i);
            }
            DeliveryService one = fixture.startDelivery();
            DeliveryService two = null;
            try {
                Thread firing = new Thread(() -> {
                    try {
                        for (String id : ids) {
                            fixture.fire(DeliveryFixture.breach(id, "burst-rule", "CN", "Burst item " + id));
                            // Not a wait: the burst is spread over about 8 s so that the second instance joins and
                            // the first leaves while breaches are still arriving.
                            Thread.sleep(15);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                firing.start();
                awaitDelivered(receiver, ids, 100);
                two = fixture.startDelivery();
                awaitDelivered(receiver, ids, 300);
                one.close();
                one = null;
                firing.join();
                awaitDelivered(receiver, ids, 500);
            } finally {
                if (one != null) {
                    one.close();
                }
                if (two != null) {
                    two.close();
                }
            }
            List<String> bodies = receiver.requests("/burst").stream().map(ScriptedReceiver.Request::body).toList();
            List<String> missing = ids.stream().filter(id -> DeliveryFixture.mentions(bodies, id) == 0).toList();
            List<String> repeated = ids.stream().filter(id -> DeliveryFixture.mentions(bodies, id) > 1).toList();
            assertEquals(List.of(), missing, "none lost");
            assertEquals(List.of(), repeated, "none repeated: the log stops copies across the handover");
            assertTrue(bodies.size() < 500, "grouped into fewer messages than breaches: " + bodies.size());
        }
    }

    private static void awaitDelivered(ScriptedReceiver receiver, List<String> ids, int count) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            List<String> bodies = bodies(receiver, "/burst");
            assertTrue(ids.stream().filter(id -> DeliveryFixture.mentions(bodies, id) > 0).count() >= count,
                    "fewer than " + count + " breaches delivered in time");
        });
    }

    private static List<String> bodies(ScriptedReceiver receiver, String path) {
        return receiver.requests(path).stream().map(ScriptedReceiver.Request::body).toList();
    }
}
