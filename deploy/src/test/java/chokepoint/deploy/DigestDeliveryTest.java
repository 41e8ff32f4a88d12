package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.kafka.KafkaClients;
import chokepoint.alerts.delivery.DeliveryService;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Digests and quiet hours on a real cluster, with the service's clock set to chosen moments: breaches wait in
 * {@code chokepoint.deferred} and go out together when the digest is due or the quiet hours end, also after a
 * restart in between.
 */
@Tag("integration")
@Timeout(180)
class DigestDeliveryTest extends FreshClusterTest {


    /** Real time shifted to a chosen moment, so that waits still pass while the date is the test's. */
    static final class ShiftedClock extends Clock {
        private volatile Duration shift;

        ShiftedClock(Instant now) {
            set(now);
        }

        void set(Instant now) {
            shift = Duration.between(Instant.now(), now);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(shift);
        }
    }

    @Test
    void aDailyDigestAndQuietHoursHoldBreachesUntilDueAcrossARestart() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver();
             DeliveryFixture fixture = new DeliveryFixture(cluster.bootstrapServers(), dir, receiver)) {
            fixture.subscribe("ana", "{\"name\": \"daily\", \"filter\": {\"rules\": [\"digest-rule\"]}, \"mode\": {\"kind\": \"digest\", "
                    + "\"every\": \"daily\", \"at\": \"08:00\", \"zone\": \"Europe/Brussels\"}, \"channels\": [{\"type\": \"webhook\", \"url\": \""
                    + receiver.url("/daily") + "\"}]}");
            // The same digest to a Slack channel: it goes through the Slack outbox, at Slack's pace across instances.
            fixture.subscribe("ana", "{\"name\": \"daily slack\", \"filter\": {\"rules\": [\"digest-rule\"]}, \"mode\": {\"kind\": \"digest\", "
                    + "\"every\": \"daily\", \"at\": \"08:00\", \"zone\": \"Europe/Brussels\"}, \"channels\": [{\"type\": \"slack\", \"url\": \""
                    + receiver.url("/daily-slack") + "\"}]}");
            fixture.subscribe("ana", "{\"name\": \"nights\", \"filter\": {\"rules\": [\"digest-rule\"]}, \"quietHours\": {\"from\": \"22:00\", "
                    + "\"to\": \"07:00\", \"zone\": \"Europe/Brussels\"}, \"channels\": [{\"type\": \"webhook\", \"url\": \""
                    + receiver.url("/nights") + "\"}]}");
            ShiftedClock clock = new ShiftedClock(Instant.parse("2026-11-28T22:30:00Z")); // 23:30 in Brussels
            try (DeliveryService first = start(fixture, clock)) {
                fixture.fire(DeliveryFixture.breach("digest-1", "digest-rule", "CN", "MOFCOM export controls on graphite"),
                        DeliveryFixture.breach("digest-2", "digest-rule", "CN", "MOFCOM adds rare-earth technology"));
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertEquals(List.of(), receiver.all(), "held: digest not due, quiet hours"));
            }
            clock.set(Instant.parse("2026-11-29T06:00:05Z")); // 07:00 in Brussels: quiet hours over, digest not yet due
            try (DeliveryService second = start(fixture, clock)) {
                List<ScriptedReceiver.Request> nights = receiver.await("/nights", r -> !r.isEmpty(), Duration.ofSeconds(30));
                assertEquals(1, nights.size(), "both breaches in one message when the quiet hours end");
                assertTrue(nights.get(0).body().contains("\"digest-1\"") && nights.get(0).body().contains("\"digest-2\""));
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertTrue(receiver.requests("/daily").isEmpty(), "the daily digest is due at 08:00");
                    assertTrue(receiver.requests("/daily-slack").isEmpty(), "the Slack one too");
                });
                clock.set(Instant.parse("2026-11-29T07:00:05Z"));
                List<ScriptedReceiver.Request> daily = receiver.await("/daily", r -> !r.isEmpty(), Duration.ofSeconds(30));
                assertEquals(1, daily.size());
                assertTrue(daily.get(0).body().contains("\"digest-1\"") && daily.get(0).body().contains("\"digest-2\""));
                List<ScriptedReceiver.Request> slack = receiver.await("/daily-slack", r -> !r.isEmpty(), Duration.ofSeconds(30));
                assertEquals(1, slack.size(), "the Slack digest: one message");
                List<String> bodies = slack.stream().map(ScriptedReceiver.Request::body).toList();
                assertEquals(1, DeliveryFixture.mentions(bodies, "digest-1"));
                assertEquals(1, DeliveryFixture.mentions(bodies, "digest-2"));
            }
            try (DeliveryService third = start(fixture, clock)) {
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertEquals(3, receiver.all().size(), "nothing sent twice after another restart"));
            }
            assertEquals(3, receiver.all().size(), "nothing sent twice after another restart");
        }
    }

    private static DeliveryService start(DeliveryFixture fixture, Clock clock) {
        return new DeliveryService(KafkaClients.of(fixture.bootstrapServers), fixture.config, fixture.book, fixture.box,
                new SubscriptionLinks(fixture.config.http().publicUrl(), fixture.box), clock, (r, b) -> {
        });
    }
}
