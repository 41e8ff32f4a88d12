package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.kafka.KafkaClients;
import chokepoint.alerts.delivery.DeliveryHistory;
import chokepoint.alerts.delivery.DeliveryService;
import chokepoint.alerts.security.SecretBox;
import chokepoint.records.DeadLetter;
import chokepoint.records.DeliveryAttempt;
import chokepoint.records.Subscription;
import chokepoint.run.RunningLoops;
import chokepoint.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery against receivers that misbehave the way real ones do: 200, 429 with Retry-After, 500, 410, and a
 * receiver that hangs. Each breach reaches each working receiver once, Slack webhooks are paced, permanent
 * failures are parked and shown, and a restarted delivery sends nothing more.
 */
@Tag("integration")
@Timeout(240)
class DeliveryFaultsTest extends FreshClusterTest {

    private static final String RULE = "faults-rule";
    private static final String WEBHOOK_SECRET = "webhook-secret-0123456789";


    @Test
    void eachBreachReachesEachWorkingReceiverOncePacedAndPermanentFailuresAreParked() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver();
             DeliveryFixture fixture = new DeliveryFixture(cluster.bootstrapServers(), dir, receiver)) {
            receiver.script("/limited", ScriptedReceiver.Answer.tooMany(2));
            receiver.script("/flaky", ScriptedReceiver.Answer.status(500), ScriptedReceiver.Answer.status(503));
            receiver.script("/gone", ScriptedReceiver.Answer.status(410));
            receiver.script("/hang", ScriptedReceiver.Answer.hang(3000));
            String filter = "\"filter\": {\"rules\": [\"" + RULE + "\"]}";
            fixture.subscribe("ana", "{\"name\": \"ok\", " + filter + ", \"channels\": [{\"type\": \"slack\", \"url\": \"" + receiver.url("/ok") + "\"}]}");
            fixture.subscribe("ana", "{\"name\": \"limited\", " + filter + ", \"channels\": [{\"type\": \"slack\", \"url\": \"" + receiver.url("/limited") + "\"}]}");
            fixture.subscribe("ana", "{\"name\": \"flaky\", " + filter + ", \"channels\": [{\"type\": \"webhook\", \"url\": \""
                    + receiver.url("/flaky") + "\", \"secret\": \"" + WEBHOOK_SECRET + "\"}]}");
            Subscription gone = fixture.subscribe("ana", "{\"name\": \"gone\", " + filter + ", \"channels\": [{\"type\": \"slack\", \"url\": \"" + receiver.url("/gone") + "\"}]}");
            fixture.subscribe("ana", "{\"name\": \"hang\", " + filter + ", \"channels\": [{\"type\": \"webhook\", \"url\": \""
                    + receiver.url("/hang") + "\", \"secret\": \"" + WEBHOOK_SECRET + "\"}]}");
            fixture.subscribe("ana", "{\"name\": \"elsewhere\", \"filter\": {\"rules\": [\"another-rule\"]}, \"channels\": [{\"type\": \"slack\", \"url\": \""
                    + receiver.url("/unwanted") + "\"}]}");

            List<String> ids = List.of("fault-1", "fault-2", "fault-3");
            try (DeliveryService delivery = fixture.startDelivery();
                 DeliveryHistory history = new DeliveryHistory(KafkaClients.of(cluster.bootstrapServers()), new RunningLoops())) {
                fixture.fire(DeliveryFixture.breach("fault-1", RULE, "CN", "MOFCOM announces export controls on rare earths"));
                receiver.await("/ok", r -> !r.isEmpty(), Duration.ofSeconds(60));
                fixture.fire(DeliveryFixture.breach("fault-2", RULE, "CN", "MOFCOM adds lithium battery technology"),
                        DeliveryFixture.breach("fault-3", RULE, "US", "BIS adds entities to the Entity List"));

                for (String path : List.of("/ok", "/limited", "/flaky", "/hang")) {
                    List<String> accepted = receiver.await(path, r -> ids.stream().allMatch(id -> DeliveryFixture.mentions(bodies(r, true), id) >= 1),
                            Duration.ofSeconds(90)).stream().filter(r -> r.answered() == 200 && !r.hung()).map(ScriptedReceiver.Request::body).toList();
                    for (String id : ids) {
                        assertEquals(1, DeliveryFixture.mentions(accepted, id), path + " received " + id + " once: " + accepted);
                    }
                }
                // Grouping: fault-2 and fault-3 fired together and went out as one message.
                assertEquals(2, receiver.requests("/ok").size(), "two messages to /ok: " + receiver.requests("/ok"));

                List<ScriptedReceiver.Request> ok = receiver.requests("/ok");
                assertTrue(ok.get(1).atMillis() - ok.get(0).atMillis() >= 950, "one message a second per Slack webhook");
                List<ScriptedReceiver.Request> limited = receiver.requests("/limited");
                assertEquals(429, limited.get(0).answered());
                assertTrue(limited.get(1).atMillis() - limited.get(0).atMillis() >= 1950, "waited at least Retry-After: 2 s");

                List<ScriptedReceiver.Request> flaky = receiver.requests("/flaky");
                assertTrue(flaky.size() >= 3, "retried after 500 and 503: " + flaky.size());
                for (ScriptedReceiver.Request request : flaky) {
                    String expected = "sha256=" + SecretBox.hmacHex(WEBHOOK_SECRET, request.headers().get("x-chokepoint-timestamp") + "." + request.body());
                    assertEquals(expected, request.headers().get("x-chokepoint-signature"), "signed with the subscription's secret");
                }
                assertTrue(receiver.requests("/hang").size() >= 2, "a receiver that hangs is given up on and tried again");

                assertEquals(1, receiver.requests("/gone").size(), "410 is final: no retry, and the channel is marked failing");
                Subscription after = awaitStatus(fixture, gone.id(), Subscription.ChannelStatus.FAILING);
                assertTrue(after.channels().get(0).detail().contains("410"), after.channels().get(0).detail());
                List<DeadLetter> parked = TopicDump.all(cluster.bootstrapServers(), Topics.DEAD_LETTERS).stream()
                        .map(Map.Entry::getValue).filter(d -> d.stage().equals("delivery:" + gone.id() + "/c1")).toList();
                assertEquals(1, parked.size(), "the message to the gone webhook is parked: " + parked);
                assertTrue(receiver.requests("/unwanted").isEmpty(), "a subscription whose filter does not match gets nothing");

                List<DeliveryAttempt> goneHistory = awaitHistory(history, gone.id());
                assertEquals(DeliveryAttempt.Outcome.PARKED, goneHistory.get(0).outcome());
                assertTrue(history.ofBreach("fault-1", 100).stream().anyMatch(a -> a.outcome() == DeliveryAttempt.Outcome.RETRYING
                        && a.status() == 429), "the 429 is in the breach's history");
            }

            int before = receiver.all().size();
            try (DeliveryService restarted = fixture.startDelivery()) {
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertEquals(before, receiver.all().size(), "a restarted delivery sends no further copies"));
            }
            assertEquals(before, receiver.all().size(), "a restarted delivery sends no further copies");
        }
    }

    private static List<String> bodies(List<ScriptedReceiver.Request> requests, boolean acceptedOnly) {
        return requests.stream().filter(r -> !acceptedOnly || r.answered() == 200 && !r.hung()).map(ScriptedReceiver.Request::body).toList();
    }

    private static Subscription awaitStatus(DeliveryFixture fixture, String id, Subscription.ChannelStatus status) {
        return await().alias("channel becomes " + status).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> fixture.book.get(id).orElseThrow(), s -> s.channels().get(0).status() == status);
    }

    private static List<DeliveryAttempt> awaitHistory(DeliveryHistory history, String subscription) {
        return await().alias("an attempt in the history of " + subscription).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> history.ofSubscription(subscription, 10), attempts -> !attempts.isEmpty());
    }
}
