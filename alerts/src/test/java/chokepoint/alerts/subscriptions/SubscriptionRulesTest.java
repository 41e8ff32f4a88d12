package chokepoint.alerts.subscriptions;

import chokepoint.alerts.security.SecretBox;
import chokepoint.records.Breach;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.records.Subscription;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filters, silences, quiet hours, digest times, the form's field errors and sealed secrets. */
class SubscriptionRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final SecretBox box = new SecretBox(new byte[32]);
    private final SubscriptionForm form = new SubscriptionForm(box, true);

    @Test
    void theFilterWantsOnlyBreachesMatchingEveryListGiven() throws Exception {
        Subscription rareEarthsOnEu = build("{\"name\": \"x\", \"filter\": {\"actors\": [\"CN\"], \"targets\": [\"EU\"], "
                + "\"measures\": [\"EXPORT_CONTROL\"], \"sectors\": [\"rare-earths\"], \"minSeverity\": 6}, "
                + "\"channels\": [{\"type\": \"email\", \"address\": \"a@example.org\"}]}");
        assertTrue(SubscriptionMatcher.wants(rareEarthsOnEu, breach("r", "CN", List.of("EU"), List.of("rare-earths"), Measure.EXPORT_CONTROL, 7)));
        assertFalse(SubscriptionMatcher.wants(rareEarthsOnEu, breach("r", "US", List.of("EU"), List.of("rare-earths"), Measure.EXPORT_CONTROL, 7)));
        assertFalse(SubscriptionMatcher.wants(rareEarthsOnEu, breach("r", "CN", List.of("JP"), List.of("rare-earths"), Measure.EXPORT_CONTROL, 7)));
        assertFalse(SubscriptionMatcher.wants(rareEarthsOnEu, breach("r", "CN", List.of("EU"), List.of("chips"), Measure.EXPORT_CONTROL, 7)));
        assertFalse(SubscriptionMatcher.wants(rareEarthsOnEu, breach("r", "CN", List.of("EU"), List.of("rare-earths"), Measure.TARIFF, 7)));
        assertFalse(SubscriptionMatcher.wants(rareEarthsOnEu, breach("r", "CN", List.of("EU"), List.of("rare-earths"), Measure.EXPORT_CONTROL, 5)));
        Subscription any = build("{\"name\": \"x\", \"channels\": [{\"type\": \"email\", \"address\": \"a@example.org\"}]}");
        assertTrue(SubscriptionMatcher.wants(any, breach("r", null, List.of(), List.of(), Measure.TARIFF, 1)));
    }

    @Test
    void euAsATargetCoversTheMemberStatesAndEuInstitutionsTheUnionAlone() throws Exception {
        Subscription onEu = build("{\"name\": \"x\", \"filter\": {\"targets\": [\"EU\"]}, "
                + "\"channels\": [{\"type\": \"email\", \"address\": \"a@example.org\"}]}");
        assertTrue(SubscriptionMatcher.wants(onEu, breach("r", "CN", List.of("FI", "IT"), List.of(), Measure.EXPORT_CONTROL, 7)));
        assertTrue(SubscriptionMatcher.wants(onEu, breach("r", "CN", List.of("EU"), List.of(), Measure.EXPORT_CONTROL, 7)));
        assertFalse(SubscriptionMatcher.wants(onEu, breach("r", "CN", List.of("GB", "NO"), List.of(), Measure.EXPORT_CONTROL, 7)));
        Subscription onInstitutions = build("{\"name\": \"x\", \"filter\": {\"targets\": [\"EU-institutions\"]}, "
                + "\"channels\": [{\"type\": \"email\", \"address\": \"a@example.org\"}]}");
        assertFalse(SubscriptionMatcher.wants(onInstitutions, breach("r", "CN", List.of("FI"), List.of(), Measure.EXPORT_CONTROL, 7)));
        assertTrue(SubscriptionMatcher.wants(onInstitutions, breach("r", "CN", List.of("EU"), List.of(), Measure.EXPORT_CONTROL, 7)));
    }

    @Test
    void wordsOutsideTheVocabularyAreRefusedWithWhatWasMeant() {
        SubscriptionForm.Invalid invalid = assertThrows(SubscriptionForm.Invalid.class, () -> build("{\"name\": \"x\", "
                + "\"filter\": {\"actors\": [\"China\"], \"targets\": [\"eu\"], \"sectors\": [\"rare-earth\"]}, "
                + "\"channels\": [{\"type\": \"email\", \"address\": \"a@example.org\"}]}"));
        String problems = invalid.problems().toString();
        assertTrue(problems.contains("filter.actors: unknown jurisdiction 'China', did you mean 'CN'?"), problems);
        assertTrue(problems.contains("filter.targets: unknown jurisdiction 'eu', did you mean 'EU'?"), problems);
        assertTrue(problems.contains("filter.sectors: unknown sector 'rare-earth', did you mean 'rare-earths'?"), problems);
    }

    @Test
    void silencesMuteByRuleOrKeyUntilATimeOrUntilResolved() throws Exception {
        Subscription s = build("{\"name\": \"x\", \"channels\": [{\"type\": \"email\", \"address\": \"a@example.org\"}], \"silences\": ["
                + "{\"rule\": \"r1\", \"until\": \"2026-11-28T13:00:00Z\"}, {\"key\": \"US\", \"untilResolved\": true}]}");
        assertTrue(SubscriptionMatcher.silenced(s, breach("r1", "CN", List.of(), List.of(), Measure.TARIFF, 1), NOW));
        assertFalse(SubscriptionMatcher.silenced(s, breach("r1", "CN", List.of(), List.of(), Measure.TARIFF, 1), NOW.plusSeconds(7200)));
        Breach us = breach("r2", "US", List.of(), List.of(), Measure.TARIFF, 1);
        assertTrue(SubscriptionMatcher.silenced(s, us, NOW.plusSeconds(86_400 * 30)));
        assertEquals(1, SubscriptionMatcher.afterResolution(s, us).size(), "the until-resolved silence ends with its breach");
    }

    @Test
    void quietHoursSpanMidnightInTheSubscribersZone() {
        Subscription.QuietHours nights = new Subscription.QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), "Europe/Brussels");
        assertTrue(SubscriptionMatcher.inQuietHours(nights, Instant.parse("2026-11-28T22:30:00Z")), "23:30 in Brussels");
        assertTrue(SubscriptionMatcher.inQuietHours(nights, Instant.parse("2026-11-29T05:59:00Z")), "06:59 in Brussels");
        assertFalse(SubscriptionMatcher.inQuietHours(nights, Instant.parse("2026-11-29T06:00:00Z")), "07:00 in Brussels");
        assertFalse(SubscriptionMatcher.inQuietHours(nights, NOW));
    }

    @Test
    void digestsAreDueAtTheNextHourDayOrWeekInTheirZone() {
        Instant after = Instant.parse("2026-11-28T12:10:00Z"); // a Saturday, 13:10 in Brussels
        assertEquals(Instant.parse("2026-11-28T12:30:00Z"), DigestSchedule.nextDigest(
                new Subscription.Mode(true, Subscription.Cadence.HOURLY, LocalTime.of(0, 30), null, "UTC"), after));
        assertEquals(Instant.parse("2026-11-29T07:00:00Z"), DigestSchedule.nextDigest(
                new Subscription.Mode(true, Subscription.Cadence.DAILY, LocalTime.of(8, 0), null, "Europe/Brussels"), after));
        assertEquals(Instant.parse("2026-11-30T07:00:00Z"), DigestSchedule.nextDigest(
                new Subscription.Mode(true, Subscription.Cadence.WEEKLY, LocalTime.of(8, 0), DayOfWeek.MONDAY, "Europe/Brussels"), after));
    }

    @Test
    void everyBadFieldIsNamedAndNoUrlIsRepeated() {
        SubscriptionForm.Invalid invalid = assertThrows(SubscriptionForm.Invalid.class, () -> build("""
                {"name": "", "filter": {"actors": ["China"], "minSeverity": 11},
                 "channels": [{"type": "slack", "url": "javascript:alert('secret-url')"}, {"type": "fax"}],
                 "mode": {"kind": "digest", "every": "monthly", "zone": "Mars/Olympus"},
                 "quietHours": {"from": "25:00", "to": "07:00"}, "silences": [{"until": "tomorrow"}]}"""));
        String all = String.join("\n", invalid.problems());
        for (String field : List.of("name", "filter.actors", "filter.minSeverity", "channels[0].url", "channels[1].type",
                "mode.every", "mode.zone", "quietHours.from", "silences[0]")) {
            assertTrue(all.contains(field + ":") || all.contains(field + "."), field + " in " + all);
        }
        assertFalse(all.contains("secret-url"), all);
        assertTrue(assertThrows(SubscriptionForm.Invalid.class, () -> SubscriptionForm.read("{\"name\": \"x\", \"colour\": 1}"))
                .problems().get(0).contains("colour"));
        assertTrue(assertThrows(SubscriptionForm.Invalid.class, () -> SubscriptionForm.read("{\"filter\": {\"measures\": [\"BLOCKADE\"]}}"))
                .problems().get(0).startsWith("filter.measures"));
    }

    @Test
    void typosAreAllNamedAtOnceWithWhatWasMeant() {
        SubscriptionForm.Invalid reading = assertThrows(SubscriptionForm.Invalid.class, () -> SubscriptionForm.read("""
                {"name": "", "filter": {"actors": ["China"], "targets": ["Europe"], "measures": ["export controls"],
                 "sector": ["rare-earth"]}, "chanels": []}"""));
        List<String> problems = form.allProblems(reading, java.util.Optional.empty(), NOW);
        String all = String.join("\n", problems);
        assertTrue(all.contains("filter.actors: unknown jurisdiction 'China', did you mean 'CN'?"), all);
        assertTrue(all.contains("filter.targets: unknown jurisdiction 'Europe', did you mean 'EU'?"), all);
        assertTrue(all.contains("filter.measures: unknown measure 'export controls', did you mean 'EXPORT_CONTROL'?"), all);
        assertTrue(all.contains("filter.sector: unknown field 'sector', did you mean 'sectors'?"), all);
        assertTrue(all.contains("chanels: unknown field 'chanels', did you mean 'channels'?"), all);
        assertTrue(all.contains("name: required"), all);
    }

    @Test
    void changingASubscriptionKeepsConfirmedChannelsAndSealsNewUrls() throws Exception {
        Subscription first = build("{\"name\": \"x\", \"channels\": [{\"type\": \"email\", \"address\": \"a@example.org\"}, "
                + "{\"type\": \"webhook\", \"url\": \"https://hooks.example.org/very-secret\"}]}");
        assertEquals(Subscription.ChannelStatus.PENDING, first.channels().get(0).status());
        assertFalse(first.channels().get(1).sealed().contains("very-secret"), "sealed, not in clear");
        assertTrue(box.open(first.channels().get(1).sealed()).contains("https://hooks.example.org/very-secret"));
        Subscription confirmed = first.withChannels(List.of(first.channels().get(0).withStatus(Subscription.ChannelStatus.ACTIVE, null, NOW),
                first.channels().get(1)), NOW);
        Subscription changed = form.build(SubscriptionForm.read("{\"name\": \"y\", \"channels\": [{\"id\": \"c1\", \"type\": \"email\", "
                + "\"address\": \"a@example.org\"}, {\"id\": \"c2\", \"type\": \"webhook\"}, {\"type\": \"email\", \"address\": \"b@example.org\"}]}"),
                confirmed.id(), "ana", Optional.of(confirmed), NOW).subscription();
        assertEquals(Subscription.ChannelStatus.ACTIVE, changed.channels().get(0).status(), "same address: still confirmed");
        assertEquals(confirmed.channels().get(1).sealed(), changed.channels().get(1).sealed(), "URL kept when not sent again");
        assertEquals("c3", changed.channels().get(2).id());
        assertEquals(Subscription.ChannelStatus.PENDING, changed.channels().get(2).status(), "a new address must confirm");
    }

    @Test
    void aSealedSecretOpensOnlyWithItsKeyAndLinksCannotBeForged() {
        String sealed = box.seal("https://hooks.slack.com/services/T/B/xyz");
        assertNotEquals(sealed, box.seal("https://hooks.slack.com/services/T/B/xyz"), "fresh nonce each time");
        byte[] other = new byte[32];
        other[0] = 1;
        IllegalStateException wrongKey = assertThrows(IllegalStateException.class, () -> new SecretBox(other).open(sealed));
        assertFalse(wrongKey.getMessage().contains("xyz"));
        SubscriptionLinks links = new SubscriptionLinks("https://chokepoint.example.org/", box);
        String link = links.unsubscribe("s-1/c1", "a@example.org");
        String token = link.substring(link.indexOf("&t=") + 3);
        assertTrue(links.valid("unsubscribe", "s-1/c1", "a@example.org", token));
        assertFalse(links.valid("confirm", "s-1/c1", "a@example.org", token), "an unsubscribe link does not confirm");
        assertFalse(links.valid("unsubscribe", "s-2/c1", "a@example.org", token), "nor work for another subscription");
    }

    private Subscription build(String json) throws SubscriptionForm.Invalid {
        return form.build(SubscriptionForm.read(json), "s-test", "ana", Optional.empty(), NOW).subscription();
    }

    private static Breach breach(String rule, String actor, List<String> targets, List<String> sectors, Measure measure, int severity) {
        Breach.IndicatorRef ref = new Breach.IndicatorRef("i", "t", null, "src", measure, Stage.IMPOSED, actor, targets, sectors,
                severity, null, NOW);
        return new Breach("b", rule, "rule", "count", actor == null ? "all" : actor, actor, targets, sectors, Breach.State.FIRING,
                1, 1, 1, "P7D", NOW, NOW, List.of(ref), List.of(), List.of(), List.of());
    }
}
