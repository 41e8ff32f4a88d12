package chokepoint.deploy;

import chokepoint.alerts.delivery.DeliveryService;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A message whose request is still on the wire when the sender's partitions are taken away (a member joins the outbox
 * group) and given back (it leaves): the sender waits its {@code RELEASE_WAIT} of five seconds for the request, lets go,
 * reads the message again when the partition returns, and must not send it while the first request is unanswered.
 * Before, it did: the receiver got the message twice (seen once in DeliveryKillTest under heavy load, where the
 * partitions came back to the same process). And the same when the partition goes to another instance: the leaving
 * owner notes in its committed offset until when its unanswered requests may last, and the new owner waits for them.
 */
@Tag("integration")
@Timeout(300)
class OutboxHandOverTest extends FreshClusterTest {

    private static final String RULE = "hand-over-rule";
    /** Longer than the sender's wait at a hand-over (5 s), shorter than the request timeout below. */
    private static final long ANSWER_AFTER_MS = 12_000;

    @Test
    void aMessageOnTheWireWhenItsPartitionLeavesAndComesBackReachesItsReceiverOnce() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver();
             DeliveryFixture fixture = new DeliveryFixture(cluster.bootstrapServers(), dir, receiver, Duration.ofSeconds(30),
                     Duration.ofSeconds(2))) {
            String slow = "/slow";
            receiver.script(slow, ScriptedReceiver.Answer.hang(ANSWER_AFTER_MS));
            fixture.subscribeWebhook("ana", "slow", RULE, receiver.url(slow));
            try (DeliveryService delivery = fixture.startDelivery()) {
                fixture.fire(DeliveryFixture.breach("h-0", RULE, "CN", "MOFCOM export controls, notice h-0"));
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests(slow).size() == 1);
                long firstArrived = receiver.requests(slow).get(0).atMillis();

                joinAndLeaveTheOutboxGroup(fixture);
                await().atMost(Duration.ofSeconds(30)).until(() -> delivery.senderRevocations() >= 1);

                // The first request is answered at firstArrived + 12 s; whatever copy there is comes before or just after.
                await().atMost(Duration.ofSeconds(40)).until(() -> System.currentTimeMillis() > firstArrived + ANSWER_AFTER_MS + 5_000);
                assertEquals(1, receiver.requests(slow).size(),
                        "one request: the copy read again waited for the first one's answer and its log entry");
            }
        }
    }

    /**
     * Three receivers, one per outbox partition, each answering after 40 s; the one instance sending to them is joined by
     * a second, which takes one or two of the partitions while the requests hang (the first waits 5 s for them, then
     * lets go). Before, the second sent the moved messages at once: their receivers got them twice.
     */
    @Test
    void aMessageOnTheWireWhenItsPartitionMovesToAnotherInstanceIsNotSentAgainByIt() throws Exception {
        long answerAfter = 40_000;
        try (ScriptedReceiver receiver = new ScriptedReceiver();
             DeliveryFixture fixture = new DeliveryFixture(cluster.bootstrapServers(), dir, receiver, Duration.ofSeconds(45),
                     Duration.ofSeconds(2))) {
            List<String> paths = onePerPartition(receiver);
            for (String path : paths) {
                receiver.script(path, ScriptedReceiver.Answer.hang(answerAfter));
                fixture.subscribeWebhook("ana", path, RULE, receiver.url(path));
            }
            try (DeliveryService first = fixture.startDelivery()) {
                fixture.fire(DeliveryFixture.breach("m-0", RULE, "CN", "MOFCOM export controls, notice m-0"));
                await().atMost(Duration.ofSeconds(30)).until(() -> paths.stream().allMatch(p -> receiver.requests(p).size() == 1));
                long lastArrived = paths.stream().mapToLong(p -> receiver.requests(p).get(0).atMillis()).max().orElseThrow();
                try (DeliveryService second = fixture.startDelivery()) {
                    await().atMost(Duration.ofSeconds(40)).until(() -> first.senderRevocations() >= 1);
                    assertTrue(System.currentTimeMillis() < lastArrived + answerAfter,
                            "the hand-over came while the requests were still on the wire");
                    await().atMost(Duration.ofSeconds(60)).until(() -> System.currentTimeMillis() > lastArrived + answerAfter + 8_000);
                    for (String path : paths) {
                        assertEquals(1, receiver.requests(path).size(), path + ": one request, the new owner waited for the first's answer");
                    }
                }
            }
        }
    }

    private static List<String> onePerPartition(ScriptedReceiver receiver) {
        List<String> paths = new ArrayList<>(List.of("", "", ""));
        for (int i = 0; paths.contains(""); i++) {
            String candidate = "/wire-" + i;
            int partition = DeliveryFixture.outboxPartition(receiver.url(candidate));
            if (paths.get(partition).isEmpty()) {
                paths.set(partition, candidate);
            }
        }
        return paths;
    }

    /** A consumer of the delivery's outbox group that takes partitions in one rebalance and gives them back in another. */
    private static void joinAndLeaveTheOutboxGroup(DeliveryFixture fixture) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, fixture.config.kafka().applicationPrefix() + "-outbox");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> intruder = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            intruder.subscribe(List.of(Topics.OUTBOX.name()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                intruder.poll(Duration.ofMillis(200));
                return !intruder.assignment().isEmpty();
            });
        }
    }
}
