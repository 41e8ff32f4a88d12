package chokepoint.alerts.threshold;

import chokepoint.alerts.DriverProperties;
import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.DeadLetter;
import chokepoint.records.Indicator;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.topics.Lane;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule kind under controlled indicator times: crossing, staying, resolving, late data, runtime changes. */
class ThresholdTopologyTest {

    private static final Instant T0 = Instant.parse("2025-10-09T00:00:00Z");
    private static final ConfigLoader LOADER = new ConfigLoader(Map.of());

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> indicators;
    private TestInputTopic<String, byte[]> rules;
    private TestOutputTopic<String, Breach> breaches;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void setUp() {
        Properties props = DriverProperties.of("threshold-test");
        driver = new TopologyTestDriver(ThresholdTopology.build(Lane.live(), 3, Duration.ZERO), props);
        indicators = driver.createInputTopic(Topics.INDICATORS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        rules = driver.createInputTopic(Topics.RULES.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        breaches = driver.createOutputTopic(Topics.BREACHES.name(), Topics.BREACHES.keySerde().deserializer(),
                Topics.BREACHES.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void rule(String yaml) {
        ThresholdRule rule = LOADER.readRule(yaml);
        rules.pipeInput(rule.id(), Topics.RULES.valueSerde().serializer().serialize("t", rule));
    }

    private void pipe(String id, String actor, Measure measure, Stage stage, Instant at) {
        pipe(id, actor, List.of(), List.of(), measure, stage, 5, at);
    }

    private void pipe(String id, String actor, List<String> targets, List<String> sectors, Measure measure, Stage stage,
                      int severity, Instant at) {
        Indicator indicator = new Indicator(id, id, "src", "rss", "https://example.org/" + id, "title " + id, measure,
                stage, actor, targets, sectors, List.of(), List.of(), List.of(), severity, List.of(), List.of(), "v1", List.of(), at, at);
        indicators.pipeInput(id, Topics.INDICATORS.valueSerde().serializer().serialize("t", indicator), at);
    }

    private static final String TWO_IN_A_WEEK = """
            id: ec-week
            name: Export controls, 2 in 7 days
            measures: [EXPORT_CONTROL]
            window: 7d
            threshold: 2
            """;

    @Test
    void countFiresOnceAtTheCrossingUpdatesWhileAboveAndResolvesWhenTheWindowMovesOn() {
        rule(TWO_IN_A_WEEK);
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        assertTrue(breaches.isEmpty(), "one is below the threshold");

        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(2)));
        Breach fired = breaches.readValue();
        assertEquals(Breach.State.FIRING, fired.state());
        assertEquals("CN", fired.groupKey());
        assertEquals("CN", fired.actor());
        assertEquals(2, fired.count());
        assertEquals(List.of("a", "b"), fired.indicators().stream().map(Breach.IndicatorRef::id).toList());
        assertEquals(List.of("intensity", "frequency", "duration", "breadth", "pattern"),
                fired.criteria().stream().map(Breach.Criterion::name).toList());
        assertTrue(fired.criteria().get(1).figure().startsWith("2 indicator(s) in 7d"), fired.criteria().toString());
        assertFalse(fired.responseOptions().isEmpty());
        assertFalse(fired.counterLeverage().isEmpty(), "China's dependencies on Europe are known");

        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(2)));
        assertTrue(breaches.isEmpty(), "an indicator seen again does not repeat the breach");

        pipe("c", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(3)));
        Breach updated = breaches.readValue();
        assertEquals(fired.id(), updated.id(), "an update keeps the breach id");
        assertEquals(3, updated.count());

        // Another actor's indicator moves stream time past the window of all three.
        pipe("d", "US", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(11)));
        Breach resolved = breaches.readValue();
        assertEquals(fired.id(), resolved.id());
        assertEquals(Breach.State.RESOLVED, resolved.state());
        assertEquals(List.of("a", "b", "c"), resolved.indicators().stream().map(Breach.IndicatorRef::id).toList(),
                "a resolved breach keeps what it gathered: the evidence outlives the window");
        assertEquals(3, resolved.count());
        assertEquals(5, resolved.criteria().size());
        assertTrue(breaches.isEmpty(), "the resolution is the breach's last record: what /api/breaches/history and the "
                + "dossiers keep as its latest state, with its indicators and figures");
    }

    @Test
    void lifecycleRulesCountDatesReachedAndOtherRulesDoNotCountThemAgain() {
        rule("""
                id: suspended-controls-return
                name: A suspended export control on a chokepoint sector comes back within 30 days
                lifecycle: [suspension-ends-soon]
                measures: [EXPORT_CONTROL]
                sectors: [rare-earths]
                window: 30d
                threshold: 1
                """);
        rule("""
                id: any-export-control
                name: Any export control
                measures: [EXPORT_CONTROL]
                window: 30d
                threshold: 1
                """);
        Instant warning = Instant.parse("2026-10-11T16:00:00Z");
        Indicator soon = new Indicator("register:cn:mofcom:2025-61:suspension-ends-soon:2026-11-10",
                "register:cn:mofcom:2025-61:suspension-ends-soon:2026-11-10", "measure-register", "register",
                "https://www.mofcom.gov.cn/61", "Suspension ends within 30 days (last day 2026-11-10): 商务部公告2025年第61号",
                Measure.EXPORT_CONTROL, Stage.IMPOSED, "CN", List.of(), List.of("rare-earths"), List.of(), List.of(),
                List.of("cn:mofcom:2025-61"), 8, List.of(), List.of(), null, List.of(), warning, warning, List.of(), List.of(),
                "suspension-ends-soon");
        indicators.pipeInput(soon.id(), Topics.INDICATORS.valueSerde().serializer().serialize("t", soon), warning);
        List<Breach> fired = breaches.readValuesToList();
        assertEquals(List.of("suspended-controls-return"), fired.stream().map(Breach::ruleId).toList(),
                "the date counts for the rule about dates only: the measure was counted when it was imposed");
        assertEquals(Breach.State.FIRING, fired.get(0).state());
        assertEquals("CN", fired.get(0).actor());

        pipe("x", "CN", List.of(), List.of("rare-earths"), Measure.EXPORT_CONTROL, Stage.IMPOSED, 5, warning.plusSeconds(60));
        assertEquals(List.of("any-export-control"), breaches.readValuesToList().stream().map(Breach::ruleId).toList(),
                "and what sources publish never counts for it");
    }

    @Test
    void aGroupThatDipsAndComesBackWithinAWindowReopensItsBreachInsteadOfRepeatingIt() {
        rule(TWO_IN_A_WEEK);
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(1)));
        Breach fired = breaches.readValue();
        pipe("c", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(9)));
        assertEquals(Breach.State.RESOLVED, breaches.readValue().state(), "a and b left the window");
        pipe("d", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(10)));
        Breach again = breaches.readValue();
        assertEquals(Breach.State.FIRING, again.state());
        assertEquals(fired.id(), again.id(), "same episode, same breach: no repeat for the same rule and key");
        pipe("e", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(30)));
        assertEquals(Breach.State.RESOLVED, breaches.readValue().state());
        pipe("f", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(40)));
        pipe("g", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(40)).plusSeconds(1));
        Breach later = breaches.readValue();
        assertTrue(!later.id().equals(fired.id()), "a crossing more than a window after the resolution is a new breach");
    }

    @Test
    void aLoneGroupsNextIndicatorLongAfterEndsTheOldBreachAndStartsANewOne() {
        rule("""
                id: ec-any
                name: Any export control
                measures: [EXPORT_CONTROL]
                window: 7d
                threshold: 1
                """);
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        Breach first = breaches.readValue();
        // No other group moves stream time: the group's own next indicator, a month later, must do it.
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(30)));
        Breach resolved = breaches.readValue();
        assertEquals(first.id(), resolved.id());
        assertEquals(Breach.State.RESOLVED, resolved.state(), "the first window emptied long ago");
        Breach second = breaches.readValue();
        assertEquals(Breach.State.FIRING, second.state());
        assertNotEquals(first.id(), second.id(), "a month later is a breach of its own, not an update of the old one");
        assertEquals(1, second.count());
        assertTrue(breaches.isEmpty());
    }

    @Test
    void windowBoundaryIsExclusiveAtItsOldEnd() {
        rule(TWO_IN_A_WEEK);
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(7)));
        assertTrue(breaches.isEmpty(), "exactly one window apart: not in the same window");
        pipe("c", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(7)).plusSeconds(1));
        assertEquals(Breach.State.FIRING, breaches.readValue().state());
    }

    @Test
    void lateAndOutOfOrderIndicatorsCountWhileInsideTheWindow() {
        rule(TWO_IN_A_WEEK);
        pipe("new", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(30)));
        pipe("too-old", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        assertTrue(breaches.isEmpty(), "a late indicator outside the window does not count");
        pipe("late", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(25)));
        Breach fired = breaches.readValue();
        assertEquals(List.of("late", "new"), fired.indicators().stream().map(Breach.IndicatorRef::id).toList(),
                "kept in indicator-time order");
    }

    @Test
    void aBacklogArrivingNewestFirstStillRaisesTheBreachOfItsTime() {
        rule(TWO_IN_A_WEEK + "grace: 60d\n");
        // Other groups' items arrive first and move stream time far ahead (a feed's backlog, a replay).
        pipe("other", "US", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(60)));
        pipe("c", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(30)));
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(1)));
        Breach fired = breaches.readValue();
        assertEquals(Breach.State.FIRING, fired.state());
        assertEquals(T0.plus(Duration.ofDays(1)), fired.firedAt(), "raised at the time the group crossed");
        assertEquals(List.of("a", "b"), fired.indicators().stream().map(Breach.IndicatorRef::id).toList());
        Breach resolved = breaches.readValue();
        assertEquals(Breach.State.RESOLVED, resolved.state(), "and resolved: the group is below its level today");
        assertEquals(fired.id(), resolved.id());
    }

    @Test
    void aLateIndicatorThatBringsTheGroupBackToItsLevelTodayFiresItsBreachAgain() {
        rule(TWO_IN_A_WEEK);
        // Copies handled by several fusion tasks reach the thresholds in any order: the newest first here.
        pipe("d10", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(10)));
        pipe("d1", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(1)));
        pipe("d2", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(2)));
        Breach raised = breaches.readValue();
        assertEquals(Breach.State.FIRING, raised.state());
        Breach fell = breaches.readValue();
        assertEquals(Breach.State.RESOLVED, fell.state(), "day 10 alone is below the level: resolved at once");
        pipe("d8", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(8)));
        List<Breach> after = breaches.readValuesToList();
        assertFalse(after.isEmpty());
        Breach latest = after.get(after.size() - 1);
        assertEquals(Breach.State.FIRING, latest.state(), "days 8 and 10 are two in the week to day 10: it fires today "
                + "(was left resolved: " + after.stream().map(b -> b.state() + " " + b.id()).toList() + ")");
        assertEquals(raised.id(), latest.id(), "the same episode: it never left its level for a whole window");
        assertTrue(latest.indicators().stream().map(Breach.IndicatorRef::id).toList().containsAll(List.of("d8", "d10")),
                latest.indicators().toString());
    }

    @Test
    void otherMeasuresEasingAndOtherActorsDoNotCount() {
        rule(TWO_IN_A_WEEK);
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        pipe("b", "CN", Measure.TARIFF, Stage.IMPOSED, T0.plusSeconds(60));
        pipe("c", "CN", Measure.EXPORT_CONTROL, Stage.EASED, T0.plusSeconds(120));
        pipe("d", "US", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(180));
        pipe("e", "CN", Measure.NONE, null, T0.plusSeconds(240));
        assertTrue(breaches.isEmpty());
    }

    @Test
    void severitySumAddsUpSeverities() {
        rule("""
                id: heavy
                name: Severity 15 in a week against the EU
                kind: severity-sum
                targets: [EU, DE]
                group-by: actor-target
                window: 7d
                threshold: 15
                """);
        pipe("a", "CN", List.of("EU"), List.of("rare-earths"), Measure.EXPORT_CONTROL, Stage.IMPOSED, 9, T0);
        pipe("b", "CN", List.of("DE"), List.of(), Measure.TARIFF, Stage.THREATENED, 5, T0.plusSeconds(60));
        pipe("c", "CN", List.of("EU"), List.of("magnets"), Measure.EXPORT_CONTROL, Stage.IMPOSED, 7, T0.plusSeconds(120));
        Breach fired = breaches.readValue();
        assertEquals("CN->EU", fired.groupKey());
        assertEquals(16, fired.value(), 0.001);
        assertEquals(List.of("rare-earths", "magnets"), fired.sectors());
        assertTrue(breaches.isEmpty(), "CN->DE has 5 only");
    }

    @Test
    void rateComparesTheWindowWithItsBaseline() {
        rule("""
                id: surge
                name: Sanctions surge, 7 days against 90
                kind: rate
                measures: [SANCTION_LISTING]
                window: 7d
                baseline: 90d
                factor: 3
                threshold: 3
                """);
        // A steady rhythm of one a week for twelve weeks: about one expected per 7 days.
        for (int week = 0; week < 12; week++) {
            pipe("steady-" + week, "US", Measure.SANCTION_LISTING, Stage.IMPOSED, T0.plus(Duration.ofDays(7L * week)));
        }
        assertTrue(breaches.isEmpty(), "the usual rhythm is not a surge");
        Instant surge = T0.plus(Duration.ofDays(84)).plus(Duration.ofHours(1));
        pipe("s1", "US", Measure.SANCTION_LISTING, Stage.IMPOSED, surge);
        pipe("s2", "US", Measure.SANCTION_LISTING, Stage.IMPOSED, surge.plusSeconds(60));
        assertTrue(breaches.isEmpty(), "three in the week is not yet three times the baseline's one");
        pipe("s3", "US", Measure.SANCTION_LISTING, Stage.IMPOSED, surge.plusSeconds(120));
        pipe("s4", "US", Measure.SANCTION_LISTING, Stage.IMPOSED, surge.plusSeconds(180));
        Breach fired = breaches.readValue();
        assertEquals("rate", fired.kind());
        assertTrue(fired.value() >= 3, "ratio " + fired.value());
    }

    @Test
    void escalationIsAThreatThenAnImpositionAgainstOneTarget() {
        rule("""
                id: escalation
                name: Threat then imposition
                kind: escalation
                group-by: actor-target
                window: 30d
                threshold: 1
                """);
        pipe("impose-first", "CN", List.of("LT"), List.of(), Measure.IMPORT_RESTRICTION, Stage.IMPOSED, 5, T0);
        pipe("threat", "CN", List.of("LT"), List.of(), Measure.TARIFF, Stage.THREATENED, 4, T0.plus(Duration.ofDays(1)));
        assertTrue(breaches.isEmpty(), "an imposition before the threat is not an escalation");
        pipe("other-target", "CN", List.of("JP"), List.of(), Measure.TARIFF, Stage.IMPOSED, 5, T0.plus(Duration.ofDays(2)));
        assertTrue(breaches.isEmpty(), "another target's imposition does not escalate this one");
        pipe("impose", "CN", List.of("LT"), List.of(), Measure.TARIFF, Stage.IMPOSED, 6, T0.plus(Duration.ofDays(3)));
        Breach fired = breaches.readValue();
        assertEquals("CN->LT", fired.groupKey());
        assertTrue(fired.criteria().get(4).figure().contains("threats and impositions"), fired.criteria().toString());
    }

    @Test
    void aRuleOnTheEuCountsMeasuresAgainstItsMemberStatesGroupedByTheStateHit() {
        rule("""
                id: on-eu
                name: Against the EU
                targets: [EU]
                group-by: actor-target
                window: 30d
                threshold: 1
                """);
        pipe("fi", "CN", List.of("FI"), List.of(), Measure.EXPORT_CONTROL, Stage.IMPOSED, 5, T0);
        assertEquals("CN->FI", breaches.readValue().groupKey());
        pipe("gb", "CN", List.of("GB"), List.of(), Measure.EXPORT_CONTROL, Stage.IMPOSED, 5, T0.plus(Duration.ofHours(1)));
        assertTrue(breaches.isEmpty(), "the United Kingdom is not in the EU");
    }

    @Test
    void rulesChangeAtRuntimeAndAMalformedRuleIsRefused() {
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        assertTrue(breaches.isEmpty(), "no rule yet");
        rule(TWO_IN_A_WEEK);
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(60));
        assertTrue(breaches.isEmpty(), "indicators before the rule existed were not counted");

        rules.pipeInput("ec-week", "{\"id\": \"ec-week\", \"window\": \"soon\"".getBytes(StandardCharsets.UTF_8));
        rules.pipeInput("ec-week", "{\"id\":\"ec-week\",\"name\":\"x\",\"kind\":\"count\",\"window\":\"PT1H\",\"threshold\":0}"
                .getBytes(StandardCharsets.UTF_8));
        pipe("c", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(120));
        Breach fired = breaches.readValue();
        assertEquals("ec-week", fired.ruleId(), "malformed rules were refused; the running rule still works");
        assertEquals(2, fired.count());

        rule(TWO_IN_A_WEEK.replace("threshold: 2", "threshold: 5"));
        pipe("d", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(180));
        assertEquals(Breach.State.RESOLVED, breaches.readValue().state(), "a raised threshold resolves the breach");

        rules.pipeInput("ec-week", (byte[]) null);
        pipe("e", "US", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofHours(1)));
        pipe("f", "US", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofHours(2)));
        assertTrue(breaches.isEmpty(), "a removed rule counts nothing");
    }

    @Test
    void unreadableIndicatorIsParkedAndCountingGoesOn() {
        rule(TWO_IN_A_WEEK);
        indicators.pipeInput("bad", "[1,2".getBytes(StandardCharsets.UTF_8), T0);
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(1));
        assertEquals("threshold", deadLetters.readValue().stage());
        assertEquals(Breach.State.FIRING, breaches.readValue().state());
    }

    @Test
    void sourceHealthFromIngestBecomesABreachHereAndAnythingElseOnItsTopicIsParked() {
        var health = driver.createInputTopic(Topics.SOURCE_HEALTH.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        Breach failing = new Breach("health-src-1", "source-health", "Source src is failing", "source-health", "src", null,
                List.of(), List.of(), Breach.State.FIRING, 1, 1, 1, "PT0S", T0, T0, List.of(), List.of(), List.of(), List.of());
        health.pipeInput(failing.id(), Topics.SOURCE_HEALTH.valueSerde().serializer().serialize("t", failing), T0);
        Breach passed = breaches.readValue();
        assertEquals("health-src-1", passed.id());
        assertEquals(Breach.State.FIRING, passed.state());

        Breach notHealth = new Breach("x", "ec-week", "n", "count", "CN", "CN", List.of(), List.of(), Breach.State.FIRING,
                2, 2, 2, "P7D", T0, T0, List.of(), List.of(), List.of(), List.of());
        health.pipeInput("x", Topics.SOURCE_HEALTH.valueSerde().serializer().serialize("t", notHealth), T0);
        health.pipeInput("y", "{not json".getBytes(StandardCharsets.UTF_8), T0);
        assertTrue(breaches.isEmpty(), "only source-health breaches pass: ingest cannot speak for a threshold rule");
        assertEquals(2, deadLetters.readValuesToList().size());
    }

    @Test
    void theLastRecordOfABreachIsItsLatestState() {
        rule(TWO_IN_A_WEEK);
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(1));
        pipe("c", "US", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(20)));
        Map<String, Breach> latest = breaches.readKeyValuesToMap();
        assertEquals(1, latest.size());
        assertEquals(Breach.State.RESOLVED, latest.values().iterator().next().state());
    }

    @Test
    void aGroupFarAboveItsLevelResolvesWhenEnoughHaveLeftNotWhenItsOldestLeaves() {
        rule(TWO_IN_A_WEEK);
        for (int h = 0; h < 5; h++) {
            pipe("cn" + h, "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofHours(h)));
        }
        Breach fired = breaches.readValuesToList().get(0);
        assertEquals(Breach.State.FIRING, fired.state());
        // Stream time moves on through other groups: three of the five have left, two are still inside.
        pipe("us1", "US", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(150)));
        assertTrue(breaches.isEmpty(), "two are still at the level");
        pipe("jp1", "JP", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(210)));
        Breach resolved = breaches.readValue();
        assertEquals(fired.id(), resolved.id());
        assertEquals(Breach.State.RESOLVED, resolved.state());
        assertEquals(T0.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(210)), resolved.updatedAt(),
                "at the first hourly look after the fourth left");
        assertTrue(breaches.isEmpty());
    }

    @Test
    void everyProcessorStoreAndRepartitionTopicIsNamed() {
        String description = ThresholdTopology.build().describe().toString();
        assertTrue(description.contains("threshold-by-rule-group-repartition"), description);
        for (String store : List.of("threshold-groups", "threshold-refs", "threshold-episodes", "threshold-pending",
                "threshold-counted")) {
            assertTrue(description.contains(store), store + " in " + description);
        }
        assertTrue(description.contains("threshold-rules"), description);
        assertFalse(description.contains("breach-history"), "the breaches topic is not kept in this application");
        assertFalse(description.contains("KSTREAM-") || description.contains("KTABLE-"), "no generated names: " + description);
    }

    private static final String EACH_NOTICE = """
            id: each-notice
            name: Each export control
            measures: [EXPORT_CONTROL]
            window: 12h
            threshold: 1
            """;

    @Test
    void thirtyNoticesOfOnePollArrivingNewestFirstAreThirtyBreaches() {
        rule(EACH_NOTICE);
        // A poll after an outage: thirty notices of one actor, one a day, the newest first as feeds list them.
        for (int day = 29; day >= 0; day--) {
            pipe("n" + day, "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(day)));
        }
        Map<String, Breach> latest = breaches.readKeyValuesToMap();
        assertEquals(30, latest.size(), "one breach per notice: " + latest.keySet());
        for (int day = 0; day < 30; day++) {
            String id = "n" + day;
            assertEquals(1, latest.values().stream().filter(b -> b.indicators().stream().anyMatch(r -> r.id().equals(id))).count(),
                    id + " is in exactly one breach");
        }
        assertEquals(29, latest.values().stream().filter(b -> b.state() == Breach.State.RESOLVED).count(),
                "all but the newest resolved at once: their windows ended before the newest notice");
    }

    @Test
    void noticesAfterAnOutageJoinOrRaiseTheBreachOfTheirOwnTime() {
        rule(TWO_IN_A_WEEK);
        pipe("before", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        // Published during an outage and read afterwards, newer ones first: each counts at its own time.
        pipe("after", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(20)));
        pipe("during-2", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(3)));
        List<Breach> out = breaches.readValuesToList();
        assertEquals(List.of(Breach.State.FIRING, Breach.State.RESOLVED), out.stream().map(Breach::state).toList());
        assertEquals(T0.plus(Duration.ofDays(3)), out.get(0).firedAt(), "raised at the time the group crossed");
        assertEquals(List.of("before", "during-2"), out.get(1).indicators().stream().map(Breach.IndicatorRef::id).toList());
        pipe("during-1", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(1)));
        Breach joined = breaches.readValue();
        assertEquals(out.get(0).id(), joined.id(), "a notice of that week joins its breach");
        assertEquals(3, joined.count());
    }

    @Test
    void anIndicatorOlderThanTheGraceIsRecordedAsNotCountedWithTheReason() {
        rule(TWO_IN_A_WEEK + "grace: 10d\n");
        TestOutputTopic<String, chokepoint.records.UncountedIndicator> uncounted = driver.createOutputTopic(
                Topics.UNCOUNTED.name(), Topics.UNCOUNTED.keySerde().deserializer(), Topics.UNCOUNTED.valueSerde().deserializer());
        pipe("new", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofDays(30)));
        pipe("old", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        chokepoint.records.UncountedIndicator skipped = uncounted.readValue();
        assertEquals("old", skipped.indicatorId());
        assertEquals("ec-week", skipped.ruleId());
        assertTrue(skipped.reason().contains("10d"), skipped.reason());
        assertTrue(breaches.isEmpty());
    }

    @Test
    void aRuleChangedOrDeletedReevaluatesItsBreachesAtOnceWithTheReason() {
        rule(TWO_IN_A_WEEK);
        rule(TWO_IN_A_WEEK.replace("ec-week", "ec-week-2"));
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(60));
        assertEquals(2, breaches.readValuesToList().size());

        rule(TWO_IN_A_WEEK.replace("threshold: 2", "threshold: 5"));
        rules.pipeInput("ec-week-2", (byte[]) null);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        Map<String, Breach> latest = breaches.readKeyValuesToMap();
        assertEquals(2, latest.size());
        Map<String, String> reasons = new java.util.TreeMap<>();
        latest.values().forEach(b -> reasons.put(b.ruleId(), b.state() + " " + b.resolution()));
        assertEquals(Map.of("ec-week", "RESOLVED rule changed", "ec-week-2", "RESOLVED rule deleted"), reasons,
                "without waiting for an indicator or an hour of stream time");

        rule(TWO_IN_A_WEEK);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        Breach again = breaches.readValue();
        assertEquals(Breach.State.FIRING, again.state(), "the threshold lowered again: the group fires again");
        assertEquals(2, again.count());
    }

    @Test
    void anIndicatorCorrectedOutOfARuleLeavesItsWindowAndTheBreachResolves() {
        rule(TWO_IN_A_WEEK);
        pipe("a", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0);
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(60));
        Breach fired = breaches.readValue();
        assertEquals(2, fired.count());
        pipe("b", "CN", Measure.TARIFF, Stage.IMPOSED, T0.plusSeconds(60));
        Breach resolved = breaches.readValue();
        assertEquals(fired.id(), resolved.id());
        assertEquals(Breach.State.RESOLVED, resolved.state());
        assertEquals(Breach.INDICATOR_WITHDRAWN, resolved.resolution());
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(60));
        assertEquals(Breach.State.FIRING, breaches.readValue().state(), "corrected back, it counts again, once");
        pipe("b", "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(60));
        assertTrue(breaches.isEmpty(), "the same indicator again changes nothing");
    }

    @Test
    void aGroupOfThousandsKeepsEveryRecordSmall() {
        rule("""
                id: cn-rate
                name: Export controls by CN against their 90-day baseline
                kind: rate
                measures: [EXPORT_CONTROL]
                window: 7d
                baseline: 90d
                threshold: 3
                factor: 2
                """);
        for (int i = 0; i < 4000; i++) {
            pipe("i" + i, "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plus(Duration.ofMinutes(30L * i)));
        }
        org.apache.kafka.streams.state.KeyValueStore<String, Object> groups = driver.getKeyValueStore("threshold-groups");
        try (var all = groups.all()) {
            all.forEachRemaining(entry -> assertTrue(writeJson(entry.value).length() < 4_000,
                    "a group's record stays small: " + entry.key));
        }
        for (Breach breach : breaches.readValuesToList()) {
            assertTrue(Topics.BREACHES.valueSerde().serializer().serialize("t", breach).length < 200_000,
                    "a breach carries its newest indicators, not thousands");
        }
    }

    private static String writeJson(Object value) {
        try {
            return chokepoint.records.Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void updatesOfAFiringBreachAreCoalesced() {
        driver.close();
        Properties props = DriverProperties.of("threshold-test");
        driver = new TopologyTestDriver(ThresholdTopology.build(Lane.live(), 3, Duration.ofSeconds(1)), props);
        indicators = driver.createInputTopic(Topics.INDICATORS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        rules = driver.createInputTopic(Topics.RULES.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        breaches = driver.createOutputTopic(Topics.BREACHES.name(), Topics.BREACHES.keySerde().deserializer(),
                Topics.BREACHES.valueSerde().deserializer());
        rule(TWO_IN_A_WEEK);
        for (int i = 0; i < 10; i++) {
            pipe("c" + i, "CN", Measure.EXPORT_CONTROL, Stage.IMPOSED, T0.plusSeconds(i));
        }
        Breach fired = breaches.readValue();
        assertEquals(Breach.State.FIRING, fired.state(), "the crossing leaves at once");
        assertTrue(breaches.isEmpty(), "the eight updates wait for the update round");
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        Breach update = breaches.readValue();
        assertEquals(10, update.count(), "one update with everything gathered");
        assertTrue(breaches.isEmpty());
    }
}
