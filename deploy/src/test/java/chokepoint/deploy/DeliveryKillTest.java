package chokepoint.deploy;

import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delivery process killed with {@code kill -9} three times during a burst, with updates held for their group
 * interval: started again on its data folder each time, it loses no message and repeats none (the measure;
 * figures printed and in docs/benchmarks.md). The second kill comes while updates are held: each of them is sent once,
 * after the restart, from the changelogged store (before, they lived in memory and a crash lost them). A message can
 * only be repeated when the kill falls between a receiver's answer and the log entry: any copy is checked to be one.
 */
@Tag("integration")
@Timeout(300)
class DeliveryKillTest extends FreshClusterTest {

    private static final String RULE = "kill-rule";
    private static final Duration GROUP_INTERVAL = Duration.ofSeconds(10);
    private static final List<String> RECEIVERS = List.of("/r0", "/r1", "/r2");

    @Test
    void threeKill9DuringABurstWithUpdatesHeldLoseNothingAndRepeatNothing() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver();
             DeliveryFixture fixture = new DeliveryFixture(cluster.bootstrapServers(), dir, receiver, Duration.ofSeconds(1), GROUP_INTERVAL)) {
            List<String> subscriptions = new ArrayList<>();
            for (String path : RECEIVERS) {
                subscriptions.add(fixture.subscribe("ana", "{\"name\": \"" + path + "\", \"filter\": {\"rules\": [\"" + RULE + "\"]}, "
                        + "\"channels\": [{\"type\": \"webhook\", \"url\": \"" + receiver.url(path) + "\"}]}").id());
            }
            Path data = dir.resolve("delivery-data");
            List<Long> kills = new ArrayList<>();
            Set<String> expected = java.util.Collections.synchronizedSet(new TreeSet<>());
            DeliveryProcess process = DeliveryProcess.start(fixture.configFile, data, fixture.bootstrapServers, "delivery")
                    .awaitReady(Duration.ofSeconds(90));
            ScheduledExecutorService burst = Executors.newSingleThreadScheduledExecutor();
            try {
                // 1. A burst of firings, one every 150 ms; the process killed halfway through it, at a moment that owes
                //    nothing to what it is doing, and started again at once.
                process = burst(burst, fixture, "b-", 20, expected, process, kills, data);
                process.awaitReady(Duration.ofSeconds(90));
                awaitDelivered(receiver, expected);

                // 2. Updates of every breach, held for the group interval; killed while they are held.
                for (int i = 0; i < 20; i++) {
                    fire(fixture, "b-" + i, 2, expected);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> !held(fixture).isEmpty());
                Set<String> heldAtKill = held(fixture);
                process = killAndRestart(process, kills, fixture, data);
                long secondKill = kills.get(1);
                process.awaitReady(Duration.ofSeconds(90));
                awaitDelivered(receiver, expected);
                // In the log, not only at the receivers, before the next kill: a later kill must not be what repeats them.
                await().atMost(Duration.ofSeconds(30)).until(() -> logged(fixture).containsAll(heldAtKill.stream()
                        .map(DeliveryKillTest::logKeyOfHeld).toList()));

                // 3. A second burst of new breaches, killed halfway again.
                process = burst(burst, fixture, "c-", 10, expected, process, kills, data);
                process.awaitReady(Duration.ofSeconds(90));
                awaitDelivered(receiver, expected);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);

                Map<String, List<Long>> delivered = delivered(receiver);
                List<String> lost = expected.stream().filter(k -> !delivered.containsKey(k)).toList();
                List<String> doubled = delivered.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
                System.err.printf("kill -9 x%d during a burst with updates held: %d deliveries expected (%d breaches x %d receivers, "
                                + "firings and updates), %d lost, %d doubled; %d updates held at the second kill, each sent once after it%n",
                        kills.size(), expected.size(), 30, RECEIVERS.size(), lost.size(), doubled.size(), heldAtKill.size());
                doubled.forEach(k -> System.err.println("  doubled " + k + " at " + delivered.get(k) + ", kills at " + kills));
                assertEquals(List.of(), lost, "no message lost");
                for (String copy : doubled) {
                    long first = delivered.get(copy).get(0);
                    assertTrue(kills.stream().anyMatch(kill -> first <= kill && kill - first < 1_000),
                            copy + " was sent twice, and its first copy was not in flight at a kill: " + delivered.get(copy) + " " + kills);
                }

                // The updates held at the second kill: each once, after the restart, from the store that kept them.
                assertFalse(heldAtKill.isEmpty());
                for (String key : heldAtKill) {
                    String breach = key.substring(key.lastIndexOf('|') + 1);
                    String subscription = key.substring(0, key.indexOf('/'));
                    String path = RECEIVERS.get(subscriptions.indexOf(subscription));
                    List<Long> arrivals = delivered.get(path + " " + breach + "|2");
                    assertEquals(1, arrivals.size(), "the held update of " + breach + " to " + path + " once: " + arrivals);
                    assertTrue(arrivals.get(0) > secondKill, "sent after the restart");
                }
            } catch (AssertionError | RuntimeException e) {
                System.err.println("delivered: " + delivered(receiver).keySet() + "\nexpected: " + expected);
                System.err.println("the delivery process's log:\n" + java.nio.file.Files.readString(data.resolveSibling("delivery.log")));
                throw e;
            } finally {
                burst.shutdownNow();
                process.close();
            }
        }
    }

    private static void fire(DeliveryFixture fixture, String id, int count, Set<String> expected) throws Exception {
        synchronized (expected) {
            for (String path : RECEIVERS) {
                expected.add(path + " " + id + "|" + count);
            }
        }
        fixture.fire(version(DeliveryFixture.breach(id, RULE, "CN", "MOFCOM export controls, notice " + id), count));
    }

    /** The notification log's key of the update that a held entry ({@code recipient|breach}) becomes once sent. */
    private static String logKeyOfHeld(String heldKey) {
        String recipient = heldKey.substring(0, heldKey.lastIndexOf('|'));
        String breach = heldKey.substring(heldKey.lastIndexOf('|') + 1);
        return breach + "|UPDATE-2|" + recipient;
    }

    /**
     * Fires {@code count} new breaches one every 150 ms from {@code burst}'s thread and kills the process when half of
     * them are out; returns the process started again.
     */
    private static DeliveryProcess burst(ScheduledExecutorService burst, DeliveryFixture fixture, String prefix, int count,
                                         Set<String> expected, DeliveryProcess process, List<Long> kills, Path data) throws Exception {
        List<ScheduledFuture<?>> fired = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            fired.add(burst.schedule(() -> {
                fire(fixture, id, 1, expected);
                return null;
            }, 150L * i, TimeUnit.MILLISECONDS));
        }
        DeliveryProcess restarted = burst.schedule(() -> killAndRestart(process, kills, fixture, data), 150L * count / 2 + 75,
                TimeUnit.MILLISECONDS).get();
        for (ScheduledFuture<?> one : fired) {
            one.get();
        }
        return restarted;
    }

    private static DeliveryProcess killAndRestart(DeliveryProcess process, List<Long> kills, DeliveryFixture fixture, Path data)
            throws Exception {
        kills.add(System.currentTimeMillis());
        process.kill9();
        return DeliveryProcess.start(fixture.configFile, data, fixture.bootstrapServers, "delivery");
    }

    private static void awaitDelivered(ScriptedReceiver receiver, Set<String> expected) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> delivered(receiver).keySet().containsAll(expected));
    }

    /** Every breach version each receiver got ({@code path id|count}), with the arrival time of each copy. */
    private static Map<String, List<Long>> delivered(ScriptedReceiver receiver) throws Exception {
        Map<String, List<Long>> delivered = new LinkedHashMap<>();
        for (String path : RECEIVERS) {
            for (ScriptedReceiver.Request request : receiver.requests(path)) {
                for (JsonNode breach : Json.MAPPER.readTree(request.body()).path("breaches")) {
                    delivered.computeIfAbsent(path + " " + breach.path("id").asText() + "|" + breach.path("count").asInt(),
                            k -> new ArrayList<>()).add(request.atMillis());
                }
            }
        }
        return delivered;
    }

    /** The updates the delivery application holds now, as its changelog says (what a restart restores). */
    private static Set<String> held(DeliveryFixture fixture) {
        return TopicDump.liveKeys(fixture.bootstrapServers, fixture.config.kafka().applicationPrefix() + "-delivery-delivery-held-changelog");
    }

    private static Set<String> logged(DeliveryFixture fixture) {
        return TopicDump.liveKeys(fixture.bootstrapServers, chokepoint.topics.Topics.NOTIFICATIONS.name());
    }

    private static chokepoint.records.Breach version(chokepoint.records.Breach b, int count) {
        List<chokepoint.records.Breach.IndicatorRef> refs = new ArrayList<>(b.indicators());
        while (refs.size() < count) {
            chokepoint.records.Breach.IndicatorRef base = b.indicators().get(0);
            refs.add(new chokepoint.records.Breach.IndicatorRef(base.id() + "-" + refs.size(), base.title() + " (" + refs.size() + ")",
                    base.url(), base.sourceId(), base.measure(), base.stage(), base.actor(), base.targets(), base.sectors(),
                    base.severity(), base.evidence(), base.occurredAt().plusSeconds(3600L * refs.size())));
        }
        return new chokepoint.records.Breach(b.id(), b.ruleId(), b.ruleName(), b.kind(), b.groupKey(), b.actor(), b.targets(),
                b.sectors(), b.state(), count, count, b.threshold(), b.window(), b.firedAt(), b.firedAt().plusSeconds(3600L * count),
                refs, b.criteria(), b.responseOptions(), b.counterLeverage());
    }
}
