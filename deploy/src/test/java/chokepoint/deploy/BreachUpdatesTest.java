package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.alerts.delivery.DeliveryService;
import chokepoint.records.Breach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What keeps an analyst current, as Alertmanager's users expect: a breach's firing leaves at once when nothing else
 * is on its way; an update with more indicators is posted again, but not before {@code group-interval} (2 s here)
 * since the last message; a version with nothing new is not; the resolution is posted to those who were told it
 * fired, and to nobody else.
 */
@Tag("integration")
@Timeout(180)
class BreachUpdatesTest extends FreshClusterTest {

    private static final String RULE = "updates-rule";

    @Test
    void firingThenOneUpdatePerIntervalThenTheResolutionToThoseWhoWereTold() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver();
             DeliveryFixture fixture = new DeliveryFixture(cluster.bootstrapServers(), dir, receiver)) {
            fixture.subscribe("ana", "{\"name\": \"desk\", \"filter\": {\"rules\": [\"" + RULE + "\"]}, "
                    + "\"channels\": [{\"type\": \"webhook\", \"url\": \"" + receiver.url("/desk") + "\"}]}");
            fixture.subscribe("ana", "{\"name\": \"us only\", \"filter\": {\"rules\": [\"" + RULE + "\"], \"actors\": [\"US\"]}, "
                    + "\"channels\": [{\"type\": \"webhook\", \"url\": \"" + receiver.url("/us") + "\"}]}");
            Breach first = DeliveryFixture.breach("upd-1", RULE, "CN", "MOFCOM announces export controls on rare earths");
            try (DeliveryService delivery = fixture.startDelivery()) {
                long fired = System.currentTimeMillis();
                fixture.fire(first);
                List<ScriptedReceiver.Request> got = receiver.await("/desk", r -> r.size() >= 1, Duration.ofSeconds(60));
                assertEquals(1, got.size());
                assertTrue(got.get(0).body().contains("\"state\":\"FIRING\""), got.get(0).body());

                fixture.fire(version(first, Breach.State.FIRING, 2));
                got = receiver.await("/desk", r -> r.size() >= 2, Duration.ofSeconds(30));
                assertEquals(2, got.size(), "the update with a second indicator is posted");
                assertTrue(got.get(1).body().contains("\"count\":2"), got.get(1).body());
                assertTrue(got.get(1).atMillis() - got.get(0).atMillis() >= 1_900,
                        "not before the group interval: " + (got.get(1).atMillis() - got.get(0).atMillis()) + " ms");

                fixture.fire(version(first, Breach.State.FIRING, 2));
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertEquals(2, receiver.requests("/desk").size(), "nothing new, nothing sent"));

                fixture.fire(version(first, Breach.State.RESOLVED, 2));
                got = receiver.await("/desk", r -> r.size() >= 3, Duration.ofSeconds(30));
                assertEquals(3, got.size());
                assertTrue(got.get(2).body().contains("\"state\":\"RESOLVED\""), got.get(2).body());
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertEquals(List.of(), receiver.requests("/us"), "never told it fired, not told it resolved"));
                assertTrue(fired > 0);
            }
        }
    }

    private static Breach version(Breach b, Breach.State state, int count) {
        List<Breach.IndicatorRef> refs = new ArrayList<>(b.indicators());
        while (refs.size() < count) {
            Breach.IndicatorRef base = b.indicators().get(0);
            refs.add(new Breach.IndicatorRef(base.id() + "-" + refs.size(), base.title() + " (" + refs.size() + ")", base.url(),
                    base.sourceId(), base.measure(), base.stage(), base.actor(), base.targets(), base.sectors(), base.severity(),
                    base.evidence(), base.occurredAt().plusSeconds(3600L * refs.size())));
        }
        return new Breach(b.id(), b.ruleId(), b.ruleName(), b.kind(), b.groupKey(), b.actor(), b.targets(), b.sectors(), state,
                count, count, b.threshold(), b.window(), b.firedAt(), b.firedAt().plusSeconds(3600L * count), refs,
                b.criteria(), b.responseOptions(), b.counterLeverage());
    }
}
