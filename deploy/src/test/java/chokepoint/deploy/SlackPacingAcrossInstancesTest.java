package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.alerts.delivery.DeliveryService;
import chokepoint.records.Breach;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slack allows one message a second per webhook. Two delivery instances share the breaches' partitions, so each
 * reads some of a burst meant for one webhook; the webhook still receives at most one message a second in all,
 * and every breach reaches every subscription once.
 */
@Tag("integration")
@Timeout(240)
class SlackPacingAcrossInstancesTest extends FreshClusterTest {

    @Test
    void oneWebhookReceivesAtMostOneMessageASecondFromTwoInstances() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver();
             DeliveryFixture fixture = new DeliveryFixture(cluster.bootstrapServers(), dir, receiver)) {
            // Four subscriptions of one desk, all posting to the desk's one Slack webhook: four recipients, one pace.
            for (int i = 0; i < 4; i++) {
                fixture.subscribe("desk", "{\"name\": \"desk " + i + "\", \"filter\": {\"rules\": [\"pace-rule\"]}, \"channels\": "
                        + "[{\"type\": \"slack\", \"url\": \"" + receiver.url("/desk") + "\"}]}");
            }
            try (DeliveryService one = fixture.startDelivery(); DeliveryService two = fixture.startDelivery()) {
                awaitBothInstancesInEveryGroup(fixture);
                List<String> ids = new ArrayList<>();
                List<Breach> burst = new ArrayList<>();
                for (int i = 0; i < 9; i++) {
                    ids.add("pace-" + i);
                    burst.add(DeliveryFixture.breach("pace-" + i, "pace-rule", "CN", "Rare-earth licensing step " + i));
                }
                fixture.fire(burst.toArray(Breach[]::new));
                receiver.await("/desk", requests -> ids.stream().allMatch(id -> DeliveryFixture.mentions(
                        requests.stream().map(ScriptedReceiver.Request::body).toList(), id) == 4), Duration.ofSeconds(120));
            }
            List<ScriptedReceiver.Request> requests = receiver.requests("/desk");
            List<String> bodies = requests.stream().map(ScriptedReceiver.Request::body).toList();
            for (int i = 0; i < 9; i++) {
                assertEquals(4, DeliveryFixture.mentions(bodies, "pace-" + i), "each breach once to each of the four subscriptions");
            }
            assertTrue(requests.size() >= 4, "at least one message per subscription: " + requests.size());
            for (int i = 1; i < requests.size(); i++) {
                long gap = requests.get(i).atMillis() - requests.get(i - 1).atMillis();
                assertTrue(gap >= 950, "message " + i + " came " + gap + " ms after the one before; Slack allows one a second");
            }
        }
    }

    /** The burst must find both instances in the delivery application's group and the outbox senders' group. */
    private static void awaitBothInstancesInEveryGroup(DeliveryFixture fixture) {
        String prefix = fixture.config.kafka().applicationPrefix();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    admin.describeConsumerGroups(List.of(prefix + "-delivery", prefix + "-outbox")).all().get()
                            .forEach((group, description) -> {
                                assertEquals(GroupState.STABLE, description.groupState(), group + " settled");
                                assertEquals(2, description.members().size(), group + " has both instances: " + description.members());
                            }));
        }
    }
}
