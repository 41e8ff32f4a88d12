package chokepoint.deploy;

import chokepoint.alerts.delivery.DeliveryService;
import chokepoint.alerts.delivery.OutboxSender;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A receiver that answers after a minute holds its own messages and nothing else: the others' messages arrive while
 * its request hangs, also a receiver whose messages share its outbox partition, and the sender keeps its partitions
 * (no rebalance) past its poll interval. Before, one slow webhook held a whole poll of messages, and the Slack outbox
 * ran with a poll interval of 8.4 hours so that it would not be put out of its group. The latency of the others is
 * printed with and without the hanging receiver (docs/benchmarks.md), not asserted.
 */
@Tag("integration")
@Timeout(180)
class SlowReceiverTest extends FreshClusterTest {

    private static final String RULE = "slow-rule";

    @Test
    void aReceiverThatAnswersAfterAMinuteHoldsOnlyItsOwnMessagesAndTriggersNoRebalance() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver();
             DeliveryFixture fixture = new DeliveryFixture(cluster.bootstrapServers(), dir, receiver, Duration.ofSeconds(90),
                     Duration.ofSeconds(2))) {
            String slow = "/slow";
            String neighbour = sharingPartitionWith(receiver, slow);
            String other = "/other";
            receiver.script(slow, ScriptedReceiver.Answer.status(200), ScriptedReceiver.Answer.hang(60_000));
            for (String path : List.of(slow, neighbour, other)) {
                fixture.subscribeWebhook("ana", path, RULE, receiver.url(path));
            }
            Map<String, List<Long>> latency = new TreeMap<>();
            try (DeliveryService delivery = fixture.startDelivery()) {
                // Every receiver answering at once: the others' latency as it is.
                fireAndAwait(fixture, receiver, "base-0", List.of(slow, neighbour, other), latency, "before");
                fireAndAwait(fixture, receiver, "base-1", List.of(neighbour, other), latency, "before");
                fireAndAwait(fixture, receiver, "base-2", List.of(neighbour, other), latency, "before");
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests(slow).size() == 2);
                long hangStarted = receiver.requests(slow).get(1).atMillis();  // base-1 hangs there for a minute

                for (int i = 0; i < 5; i++) {
                    fireAndAwait(fixture, receiver, "while-" + i, List.of(neighbour, other), latency, "while");
                }
                assertTrue(System.currentTimeMillis() < hangStarted + 60_000, "all of it while the slow receiver still hangs");
                assertEquals(2, receiver.requests(slow).size(), "the slow receiver's next messages wait behind its own");

                // Past the sender's poll interval with the request still hanging: the sender keeps its partitions.
                await().during(OutboxSender.MAX_POLL_INTERVAL.plusSeconds(2)).atMost(OutboxSender.MAX_POLL_INTERVAL.plusSeconds(10))
                        .until(() -> delivery.senderRevocations() == 0);
                assertTrue(System.currentTimeMillis() < hangStarted + 60_000, "checked while the request still hangs");
            }
            System.err.printf("latency to the other receivers (fire to arrival, ms): every receiver answering %s; one hanging %s%n",
                    latency.get("before"), latency.get("while"));
        }
    }

    /** A path whose receiver's outbox key falls in the same partition (of 3) as {@code path}'s. */
    private static String sharingPartitionWith(ScriptedReceiver receiver, String path) {
        int partition = DeliveryFixture.outboxPartition(receiver.url(path));
        for (int i = 0; ; i++) {
            String candidate = "/neighbour-" + i;
            if (DeliveryFixture.outboxPartition(receiver.url(candidate)) == partition) {
                return candidate;
            }
        }
    }

    private static void fireAndAwait(DeliveryFixture fixture, ScriptedReceiver receiver, String id, List<String> paths,
                                     Map<String, List<Long>> latency, String phase) throws Exception {
        long fired = System.currentTimeMillis();
        fixture.fire(DeliveryFixture.breach(id, RULE, "CN", "MOFCOM export controls, notice " + id));
        for (String path : paths) {
            await().atMost(Duration.ofSeconds(30)).until(() -> DeliveryFixture.mentions(bodies(receiver, path), id) == 1);
            long arrived = receiver.requests(path).stream().filter(r -> r.body().contains("\"" + id + "\"")).findFirst()
                    .orElseThrow().atMillis();
            latency.computeIfAbsent(phase, p -> new ArrayList<>()).add(arrived - fired);
        }
    }

    private static List<String> bodies(ScriptedReceiver receiver, String path) {
        return receiver.requests(path).stream().map(ScriptedReceiver.Request::body).toList();
    }
}
