package chokepoint.alerts.delivery;

import chokepoint.alerts.DriverProperties;
import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionForm;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.config.DeliverySettings;
import chokepoint.config.SlackSettings;
import chokepoint.records.Breach;
import chokepoint.records.DeferredBreach;
import chokepoint.records.Measure;
import chokepoint.records.Notification;
import chokepoint.records.OutboundMessage;
import chokepoint.records.Stage;
import chokepoint.records.Subscription;
import chokepoint.streams.store.ReadProgress;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decisions of delivery under {@link TopologyTestDriver}, on a clock moved by hand: group wait, group interval
 * (held and released), dedup against what was decided and what the notification log says, send-resolved, the
 * resolved horizon at start, digests and quiet hours deferred. The operator's Slack webhook receives every breach;
 * subscriptions are added to their topic as the control application writes them.
 */
class DeliveryTopologyTest {

    private static final Instant START = Instant.parse("2026-11-20T12:00:00Z");  // 13:00 in Brussels
    private static final String HOOK = "https://hooks.slack.com/services/T000/B000/desk-secret";
    private static final String DESK = "config/slack:desk";

    /** The calendar clock, moved with the driver's wall clock. */
    private static final class MovedClock extends Clock {
        private Instant now = START;

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
            return now;
        }
    }

    private final MovedClock clock = new MovedClock();
    private final SecretBox box = newBox();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Breach> breaches;
    private TestInputTopic<String, Subscription> subscriptions;
    private TestInputTopic<String, Notification> notifications;
    private TestOutputTopic<String, OutboundMessage> outbox;
    private TestOutputTopic<String, DeferredBreach> deferred;

    private void start(DeliverySettings settings) {
        ChokepointConfig config = new ConfigLoader(Map.of()).defaults()
                .withSlack(new SlackSettings(List.of(new SlackSettings.Webhook("desk", HOOK))));
        Properties props = DriverProperties.of("delivery-test");
        driver = new TopologyTestDriver(DeliveryTopology.build(settings, new Recipients(config, box), 3, new ReadProgress(),
                SilenceEnder.NONE, clock), props, START);
        breaches = driver.createInputTopic(Topics.BREACHES.name(), Serdes.String().serializer(), Topics.BREACHES.valueSerde().serializer());
        subscriptions = driver.createInputTopic(Topics.SUBSCRIPTIONS.name(), Serdes.String().serializer(),
                Topics.SUBSCRIPTIONS.valueSerde().serializer());
        notifications = driver.createInputTopic(Topics.NOTIFICATIONS.name(), Serdes.String().serializer(),
                Topics.NOTIFICATIONS.valueSerde().serializer());
        outbox = driver.createOutputTopic(Topics.OUTBOX.name(), Serdes.String().deserializer(), Topics.OUTBOX.valueSerde().deserializer());
        deferred = driver.createOutputTopic(Topics.DEFERRED.name(), Serdes.String().deserializer(),
                Topics.DEFERRED.valueSerde().deserializer());
    }

    private void start() {
        start(settings(true));
    }

    private static DeliverySettings settings(boolean sendResolved) {
        return new DeliverySettings(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(1),
                "", List.of(), Duration.ofMinutes(5), sendResolved, Duration.ofHours(1));
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void advance(Duration by) {
        clock.now = clock.now.plus(by);
        driver.advanceWallClockTime(by);
    }

    private void fire(Breach... versions) {
        for (Breach breach : versions) {
            breaches.pipeInput(breach.id(), breach, clock.now);
        }
    }

    private List<OutboundMessage> sent() {
        return outbox.readValuesToList();
    }

    @Test
    void aLoneBreachLeavesOnceNothingElseCameAndBreachesArrivingTogetherLeaveAsOneMessage() {
        start();
        fire(breach("b-1", Breach.State.FIRING, 1));
        advance(DecideProcessor.QUIET.minusMillis(100));
        assertTrue(outbox.isEmpty(), "not before the quiet moment: something else may be on its way");
        advance(Duration.ofMillis(200));
        List<KeyValue<String, OutboundMessage>> one = outbox.readKeyValuesToList();
        assertEquals(1, one.size());
        assertEquals(Recipients.receiver(Subscription.ChannelType.SLACK, HOOK), one.get(0).key, "keyed by the webhook's digest");
        assertFalse(one.get(0).key.contains("hooks.slack.com"));
        OutboundMessage message = one.get(0).value;
        assertEquals(DESK, message.recipient());
        assertEquals(List.of("FIRING"), message.phases());
        assertFalse(message.sealed().contains("hooks.slack.com"), "the URL travels sealed");
        assertEquals(HOOK, new Recipients(new ConfigLoader(Map.of()).defaults(), box).open(message).target());

        fire(breach("b-2", Breach.State.FIRING, 1));
        advance(Duration.ofMillis(300));
        fire(breach("b-3", Breach.State.FIRING, 1), breach("b-4", Breach.State.FIRING, 1));
        advance(DecideProcessor.QUIET.plusMillis(100));
        List<OutboundMessage> together = sent();
        assertEquals(1, together.size(), "what arrives together (within the quiet time of each other) is one message");
        assertEquals(List.of("b-2", "b-3", "b-4"), ids(together.get(0)));
    }

    @Test
    void aSteadyTrickleLeavesAtTheEndOfTheGroupWaitInMessagesOfReadableSize() {
        start();
        List<String> fired = new ArrayList<>();
        for (int i = 0; i < 40; i++) {  // one every 150 ms for 6 s: never a quiet moment (QUIET is 500 ms)
            fired.add("t-" + i);
            fire(breach("t-" + i, Breach.State.FIRING, 1));
            advance(Duration.ofMillis(150));
        }
        List<OutboundMessage> messages = sent();
        List<String> told = messages.stream().flatMap(m -> ids(m).stream()).toList();
        assertTrue(told.size() >= 30 && told.size() <= 36, "what came within the group wait (5 s) left together: " + told);
        assertEquals(fired.subList(0, told.size()), told, "in the order they fired");
        assertTrue(messages.stream().allMatch(m -> m.breaches().size() <= DecideProcessor.PER_MESSAGE), "at most 10 a Slack message");
        advance(Duration.ofSeconds(1));
        assertEquals(fired.subList(told.size(), fired.size()), sent().stream().flatMap(m -> ids(m).stream()).toList(),
                "the rest once nothing more came");
    }

    @Test
    void theNotificationLogsCopyForgetsWhatItsTopicNoLongerKeeps() {
        start();
        Instant longAgo = clock.now.minus(Topics.NOTIFICATIONS.retention()).minus(Duration.ofDays(2));
        String old = Notification.key("old-1", "FIRING", DESK);
        String recent = Notification.key("recent-1", "FIRING", DESK);
        notifications.pipeInput(old, new Notification("old-1", "FIRING", DESK, 200, longAgo, 1), longAgo);
        notifications.pipeInput(recent, new Notification("recent-1", "FIRING", DESK, 200, clock.now, 1), clock.now);
        KeyValueStore<String, byte[]> log = driver.getKeyValueStore(DeliveryTopology.NOTIFICATION_LOG);
        assertNull(log.get(old), "older than the topic's retention: the topic deleted it, and so does its copy");
        assertNotNull(log.get(recent));
    }

    @Test
    void anUpdateWaitsForTheGroupIntervalInAStoreAndLeavesOnce() {
        start();
        fire(breach("u-1", Breach.State.FIRING, 1));
        advance(Duration.ofSeconds(1));
        assertEquals(List.of("FIRING"), sent().get(0).phases());

        advance(Duration.ofMinutes(1));
        fire(breach("u-1", Breach.State.FIRING, 2));
        advance(Duration.ofSeconds(1));
        assertTrue(outbox.isEmpty(), "an update within the group interval waits");
        KeyValueStore<String, Held> held = driver.getKeyValueStore(DecideProcessor.HELD);
        assertNotNull(held.get(DecideProcessor.heldKey(DESK, "u-1")), "held in the changelogged store, not in memory");

        fire(breach("u-1", Breach.State.FIRING, 3));  // a newer version replaces the one held
        advance(Duration.ofMinutes(3));
        assertTrue(outbox.isEmpty());
        advance(Duration.ofMinutes(1));
        advance(DecideProcessor.QUIET);  // released into its recipient's next message, which leaves once nothing else came
        List<OutboundMessage> update = sent();
        assertEquals(1, update.size(), "released once, when the interval since the firing's message is over");
        assertEquals(List.of("UPDATE-3"), update.get(0).phases());
        assertEquals(3, update.get(0).breaches().get(0).count());
        assertNull(held.get(DecideProcessor.heldKey(DESK, "u-1")));

        fire(breach("u-1", Breach.State.FIRING, 3));
        advance(Duration.ofMinutes(10));
        assertTrue(outbox.isEmpty(), "the same figures again are no news");
        fire(breach("u-1", Breach.State.FIRING, 4));
        advance(Duration.ofSeconds(1));
        assertEquals(List.of("UPDATE-4"), sent().get(0).phases(), "the interval since the last message is over: at once");
    }

    @Test
    void whatTheNotificationLogSaysWasToldIsNotToldAgain() {
        start();
        // After a reset of the delivery application: nothing decided, but the log says the firing went out a minute ago.
        notifications.pipeInput(Notification.key("d-1", "FIRING", DESK),
                new Notification("d-1", "FIRING", DESK, 200, clock.now.minus(Duration.ofMinutes(1)), 1));
        fire(breach("d-1", Breach.State.FIRING, 1));
        advance(Duration.ofSeconds(1));
        assertTrue(outbox.isEmpty(), "told already");
        fire(breach("d-1", Breach.State.FIRING, 2));
        advance(Duration.ofMinutes(3));
        assertTrue(outbox.isEmpty(), "an update waits for the interval counted from the logged message");
        advance(Duration.ofMinutes(1).plusSeconds(1));
        advance(DecideProcessor.QUIET);
        assertEquals(List.of("UPDATE-2"), sent().get(0).phases());

        fire(breach("d-2", Breach.State.FIRING, 1), breach("d-2", Breach.State.FIRING, 1));
        advance(Duration.ofSeconds(1));
        List<OutboundMessage> once = sent();
        assertEquals(1, once.size());
        assertEquals(List.of("d-2"), ids(once.get(0)), "one breach, one mention");
    }

    @Test
    void aResolutionGoesToThoseToldItFiredOnceAndNotWhenSendResolvedIsOff() {
        start();
        fire(breach("r-1", Breach.State.FIRING, 1));
        advance(Duration.ofSeconds(1));
        sent();
        fire(breach("r-1", Breach.State.RESOLVED, 1));
        advance(Duration.ofSeconds(1));
        List<OutboundMessage> resolved = sent();
        assertEquals(List.of("RESOLVED"), resolved.get(0).phases());
        fire(breach("r-1", Breach.State.RESOLVED, 1));
        advance(Duration.ofSeconds(1));
        assertTrue(outbox.isEmpty(), "a resolution is told once");

        // A subscriber who was never told of r-2 is not told it resolved.
        Subscription later = subscribe("{\"name\": \"later\", \"filter\": {\"rules\": [\"rule\"]}, \"channels\": "
                + "[{\"type\": \"webhook\", \"url\": \"https://receiver.example/hook\"}]}");
        notifications.pipeInput(Notification.key("r-2", "FIRING", DESK), new Notification("r-2", "FIRING", DESK, 200, clock.now, 1));
        fire(breach("r-2", Breach.State.RESOLVED, 1));
        advance(Duration.ofSeconds(1));
        List<OutboundMessage> toDesk = sent();
        assertEquals(1, toDesk.size(), "only the desk, which was told it fired: " + toDesk);
        assertEquals(DESK, toDesk.get(0).recipient());
        assertTrue(later.id() != null);
    }

    @Test
    void sendResolvedOffTellsNoResolution() {
        start(settings(false));
        fire(breach("o-1", Breach.State.FIRING, 1));
        advance(Duration.ofSeconds(1));
        sent();
        fire(breach("o-1", Breach.State.RESOLVED, 1));
        advance(Duration.ofMinutes(1));
        assertTrue(outbox.isEmpty());
    }

    @Test
    void atStartBreachesThatFiredAndResolvedLongAgoAreHistoryButAnOutagesLateOnesAreSent() {
        start();
        // A first start reads the breaches topic from its beginning: weeks-old breaches, fired and resolved.
        Breach old = breach("old-1", Breach.State.FIRING, 1, clock.now.minus(Duration.ofDays(21)));
        fire(old, resolvedAt(old, clock.now.minus(Duration.ofDays(14))));
        // During an outage a breach fired and resolved minutes ago: news the desk has not had.
        Breach late = breach("late-1", Breach.State.FIRING, 1, clock.now.minus(Duration.ofMinutes(40)));
        fire(late, resolvedAt(late, clock.now.minus(Duration.ofMinutes(10))));
        // Still firing, however old: current.
        fire(breach("firing-1", Breach.State.FIRING, 1, clock.now.minus(Duration.ofDays(30))));
        advance(Duration.ofSeconds(1));
        List<OutboundMessage> messages = sent();
        assertEquals(1, messages.size());
        assertEquals(List.of("late-1", "firing-1"), ids(messages.get(0)), "the old resolved breach is history");
        assertEquals(List.of("RESOLVED", "FIRING"), messages.get(0).phases());
    }

    @Test
    void digestsAndQuietHoursGoToTheDeferredQueueAndResolutionsAreNotHeld() {
        start();
        Subscription digest = subscribe("{\"name\": \"daily\", \"filter\": {\"rules\": [\"rule\"]}, \"mode\": {\"kind\": \"digest\", "
                + "\"every\": \"daily\", \"at\": \"08:00\", \"zone\": \"Europe/Brussels\"}, \"channels\": [{\"type\": \"webhook\", "
                + "\"url\": \"https://receiver.example/daily\"}]}");
        Subscription nights = subscribe("{\"name\": \"nights\", \"filter\": {\"rules\": [\"rule\"]}, \"quietHours\": {\"from\": \"22:00\", "
                + "\"to\": \"07:00\", \"zone\": \"Europe/Brussels\"}, \"channels\": [{\"type\": \"webhook\", \"url\": \"https://receiver.example/nights\"}]}");
        fire(breach("q-1", Breach.State.FIRING, 1));
        advance(Duration.ofSeconds(1));
        List<KeyValue<String, DeferredBreach>> held = deferred.readKeyValuesToList();
        assertEquals(List.of(digest.id() + "/c1"), held.stream().map(kv -> kv.key).toList(), "13:00 in Brussels: only the digest waits");
        assertEquals(List.of(DESK, nights.id() + "/c1"), sent().stream().map(OutboundMessage::recipient).sorted().toList());

        clock.now = Instant.parse("2026-11-20T22:30:00Z");  // 23:30 in Brussels
        fire(breach("q-2", Breach.State.FIRING, 1));
        fire(breach("q-2", Breach.State.FIRING, 1));
        advance(Duration.ofSeconds(1));
        List<String> waiting = deferred.readKeyValuesToList().stream().map(kv -> kv.key).sorted().toList();
        assertEquals(List.of(digest.id() + "/c1", nights.id() + "/c1").stream().sorted().toList(), waiting,
                "the night's breach waits for the quiet hours to end, once per version");
        assertEquals(List.of(DESK), sent().stream().map(OutboundMessage::recipient).toList());
        fire(breach("q-2", Breach.State.RESOLVED, 1));
        advance(Duration.ofSeconds(1));
        assertTrue(deferred.isEmpty(), "a resolution is not held for later");
    }

    @Test
    void everyProcessorStoreAndInternalTopicIsNamed() {
        start();
        String description = DeliveryTopology.build(settings(true), new Recipients(new ConfigLoader(Map.of()).defaults(), box), 3,
                new ReadProgress(), SilenceEnder.NONE, clock).describe().toString();
        for (String name : List.of("breaches-source", "resolve-recipients", "delivery-by-recipient-repartition", "decide",
                "delivery-told", "delivery-held", "delivery-gathering", "delivery-notification-log", "delivery-subscriptions",
                "outbox-sink", "deferred-sink")) {
            assertTrue(description.contains(name), name + " in " + description);
        }
        assertFalse(description.matches("(?s).*KSTREAM-[A-Z]+-\\d+.*"), "no generated names: " + description);
    }

    private Subscription subscribe(String json) {
        try {
            Subscription subscription = new SubscriptionForm(box, false, url -> null).build(SubscriptionForm.read(json),
                    SubscriptionForm.newId(), "ana", Optional.empty(), clock.now).subscription();
            subscriptions.pipeInput(subscription.id(), subscription.withVersion(1));
            return subscription;
        } catch (SubscriptionForm.Invalid e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> ids(OutboundMessage message) {
        return message.breaches().stream().map(Breach::id).toList();
    }

    private static SecretBox newBox() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretBox(key);
    }

    private Breach breach(String id, Breach.State state, int count) {
        return breach(id, state, count, clock.now);
    }

    private static Breach breach(String id, Breach.State state, int count, Instant at) {
        List<Breach.IndicatorRef> refs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            refs.add(new Breach.IndicatorRef("ind-" + id + "-" + i, "MOFCOM export controls, notice " + i,
                    "https://www.mofcom.gov.cn/" + id + "/" + i, "cn-mofcom", Measure.EXPORT_CONTROL, Stage.IMPOSED, "CN",
                    List.of("EU"), List.of("rare-earths"), 7, "出口管制", at));
        }
        return new Breach(id, "rule", "Export controls on a chokepoint sector", "count", "CN", "CN", List.of("EU"),
                List.of("rare-earths"), state, count, count, 1, "P7D", at, at, refs, List.of(), List.of(), List.of());
    }

    private static Breach resolvedAt(Breach firing, Instant at) {
        return new Breach(firing.id(), firing.ruleId(), firing.ruleName(), firing.kind(), firing.groupKey(), firing.actor(),
                firing.targets(), firing.sectors(), Breach.State.RESOLVED, firing.count(), firing.value(), firing.threshold(),
                firing.window(), firing.firedAt(), at, firing.indicators(), firing.criteria(), firing.responseOptions(),
                firing.counterLeverage(), Breach.WINDOW_MOVED_ON);
    }
}
