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
import java.util.List;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A message whose request is still on the wire when the sender's partitions are taken away (a member joins the outbox
 * group) and given back (it leaves): the sender waits its {@code RELEASE_WAIT} of five seconds for the request, lets go,
 * reads the message again when the partition returns, and must not send it while the first request is unanswered.
 * Before, it did: the receiver got the message twice (seen once in DeliveryKillTest under heavy load, where the
 * partitions came back to the same process).
 */
@Tag("integration")
@Timeout(180)
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
            fixture.subscribe("ana", "{\"name\": \"slow\", \"filter\": {\"rules\": [\"" + RULE + "\"]}, \"channels\": "
                    + "[{\"type\": \"webhook\", \"url\": \"" + receiver.url(slow) + "\"}]}");
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
