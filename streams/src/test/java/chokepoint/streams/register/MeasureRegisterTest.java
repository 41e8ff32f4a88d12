package chokepoint.streams.register;

import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.records.LifeStep;
import chokepoint.records.Measure;
import chokepoint.records.MeasureStatus;
import chokepoint.records.RegisteredMeasure;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.streams.topology.ClassifyTopology;
import chokepoint.topics.Lane;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The measure register through the whole classifier topology: acts, their follow-ups, the dates in their texts, and
 * the changes the calendar brings, published once, after a restart too, and the same in a replay.
 */
class MeasureRegisterTest {

    private static final String NO_61 = "cn:mofcom:2025-61";
    private static final Instant OCT_9_2025 = Instant.parse("2025-10-09T03:00:00Z");
    private static final Instant NOV_7_2025 = Instant.parse("2025-11-07T09:00:00Z");
    /** The first moment of 11 November 2026 in Beijing: the suspension "until 10 November 2026" is over. */
    private static final Instant SUSPENSION_OVER = Instant.parse("2026-11-10T16:00:00Z");

    private final List<TopologyTestDriver> drivers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        drivers.forEach(TopologyTestDriver::close);
    }

    /** A driver whose wall clock starts at {@code wallClock}. */
    private Pipeline pipeline(Lane lane, Instant wallClock) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "register-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/register-test-" + System.nanoTime());
        Topology topology = ClassifyTopology.build(new Classifier(RuleSet.bundled(), Clock.systemUTC()), lane);
        TopologyTestDriver driver = new TopologyTestDriver(topology, props, wallClock);
        drivers.add(driver);
        return new Pipeline(driver, lane);
    }

    private static final class Pipeline {
        final TopologyTestDriver driver;
        final TestInputTopic<String, byte[]> items;
        final TestOutputTopic<String, RegisteredMeasure> measures;
        final TestOutputTopic<String, Indicator> indicators;
        final Map<String, RegisteredMeasure> register = new LinkedHashMap<>();
        final List<Indicator> lifecycle = new ArrayList<>();
        final List<Indicator> events = new ArrayList<>();

        Pipeline(TopologyTestDriver driver, Lane lane) {
            this.driver = driver;
            items = driver.createInputTopic(lane.items(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
            measures = driver.createOutputTopic(lane.measures(), Topics.MEASURES.keySerde().deserializer(),
                    Topics.MEASURES.valueSerde().deserializer());
            indicators = driver.createOutputTopic(lane.indicators(), Topics.INDICATORS.keySerde().deserializer(),
                    Topics.INDICATORS.valueSerde().deserializer());
        }

        void pipe(String id, String jurisdiction, String url, String title, String text, Instant at) {
            Item item = new Item(id, "src-" + id, "html", jurisdiction, url, title, text, null, at, null, at,
                    Integer.toHexString((title + text).hashCode()));
            items.pipeInput(id, Topics.ITEMS.valueSerde().serializer().serialize(Topics.ITEMS.name(), item), at);
            drain();
        }

        /** Reads what was published: the latest record of each measure, and every indicator of a date reached. */
        void drain() {
            for (KeyValue<String, RegisteredMeasure> kv : measures.readKeyValuesToList()) {
                register.put(kv.key, kv.value);
            }
            for (Indicator indicator : indicators.readValuesToList()) {
                if (indicator.lifecycle() != null) {
                    lifecycle.add(indicator);
                } else {
                    events.add(indicator);
                }
            }
        }

        List<String> lifecycleSeen() {
            return lifecycle.stream().map(i -> i.lifecycle() + " " + i.references().get(0)).toList();
        }
    }

    /** Announcement No. 61, as MOFCOM titled it, with the date its main articles apply from. */
    private static void announcement61(Pipeline p) {
        p.pipe("no61", "CN", "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_61.html",
                "商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定",
                "为维护国家安全和利益，根据《中华人民共和国出口管制法》等法律法规有关规定，决定对境外相关稀土物项实施出口管制。"
                        + "本公告自2025年12月1日起正式实施。", OCT_9_2025);
    }

    /** Announcement No. 70: No. 61 suspended until 10 November 2026. */
    private static void announcement70(Pipeline p) {
        p.pipe("no70", "CN", "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_70.html",
                "商务部公告2025年第70号 关于暂停实施商务部公告2025年第61号的公告",
                "现决定，暂停实施商务部公告2025年第61号，暂停实施至2026年11月10日。", NOV_7_2025);
    }

    @Test
    void announcement61IsAdoptedSuspendedAndComesBackOnceWhenTheSuspensionEndsAcrossARestart() {
        Pipeline before = pipeline(Lane.live(), OCT_9_2025);
        announcement61(before);
        RegisteredMeasure adopted = before.register.get(NO_61);
        assertNotNull(adopted, "the act is registered: " + before.register.keySet());
        assertEquals(Measure.EXPORT_CONTROL, adopted.measure());
        assertEquals("CN", adopted.actor());
        assertEquals(MeasureStatus.ADOPTED, adopted.status());
        assertEquals(LocalDate.of(2025, 12, 1), adopted.effectiveFrom());
        assertEquals(List.of("takes-effect-soon", "takes-effect"), adopted.upcoming().stream().map(RegisteredMeasure.Due::lifecycle).toList());

        announcement70(before);
        RegisteredMeasure suspended = before.register.get(NO_61);
        assertEquals(MeasureStatus.SUSPENDED, suspended.status());
        assertEquals(LocalDate.of(2026, 11, 10), suspended.suspendedUntil());
        assertEquals(List.of(LifeStep.ADOPTED, LifeStep.SUSPENDED), suspended.life().stream().map(LifeStep::step).toList());
        assertEquals("cn:mofcom:2025-70", suspended.life().get(1).byAct());
        assertEquals(SUSPENSION_OVER, suspended.upcoming().get(1).at());
        assertEquals(2, suspended.sources().size());
        assertTrue(before.lifecycleSeen().isEmpty(), "nothing has come due yet: " + before.lifecycleSeen());

        // A month before the end of the suspension: the warning, and only it.
        before.driver.advanceWallClockTime(Duration.between(OCT_9_2025, Instant.parse("2026-10-12T12:00:00Z")));
        before.drain();
        assertEquals(List.of("suspension-ends-soon " + NO_61), before.lifecycleSeen());

        // The process stops; another starts with the stores as their changelogs restore them.
        Pipeline after = pipeline(Lane.live(), Instant.parse("2026-10-12T12:00:00Z"));
        copyStores(before.driver, after.driver);
        after.driver.advanceWallClockTime(Duration.ofHours(1));
        after.drain();
        assertTrue(after.lifecycleSeen().isEmpty(), "the warning is not published again: " + after.lifecycleSeen());

        after.driver.advanceWallClockTime(Duration.between(Instant.parse("2026-10-12T13:00:00Z"), SUSPENSION_OVER.plusSeconds(60)));
        after.drain();
        after.driver.advanceWallClockTime(Duration.ofDays(3));
        after.drain();
        assertEquals(List.of("suspension-ends " + NO_61), after.lifecycleSeen(), "published once");
        Indicator ends = after.lifecycle.get(0);
        assertEquals(SUSPENSION_OVER, ends.occurredAt(), "dated when the suspension ended, not when it was noticed");
        assertEquals(Measure.EXPORT_CONTROL, ends.measure());
        assertTrue(ends.isIndicator(), "the controls bite again");
        RegisteredMeasure back = after.register.get(NO_61);
        assertEquals(MeasureStatus.IN_FORCE, back.status());
        assertNull(back.suspendedUntil());
        assertEquals(LifeStep.SUSPENSION_ENDS, back.life().get(back.life().size() - 1).step());
        assertTrue(back.upcoming().isEmpty());
    }

    @Test
    void aSuspensionReadAfterTheDateItOvertookTellsTheLifeWithoutThatDate() {
        // A backlog read on a loaded machine: No. 61 is read, the wall clock is past 1 December, and only then is
        // No. 70 (dated 7 November, before that day) read.
        Pipeline p = pipeline(Lane.live(), OCT_9_2025);
        announcement61(p);
        p.driver.advanceWallClockTime(Duration.between(OCT_9_2025, Instant.parse("2025-12-02T00:00:00Z")));
        p.drain();
        assertEquals(MeasureStatus.IN_FORCE, p.register.get(NO_61).status(), "the date came, the notices known then said so");
        announcement70(p);
        RegisteredMeasure suspended = p.register.get(NO_61);
        assertEquals(MeasureStatus.SUSPENDED, suspended.status());
        assertEquals(List.of(LifeStep.ADOPTED, LifeStep.SUSPENDED), suspended.life().stream().map(LifeStep::step).toList(),
                "suspended before 1 December, it never took effect then");
        assertEquals(LifeStep.SUSPENSION_ENDS, suspended.upcoming().get(1).lifecycle());
    }

    @Test
    void anExtensionMovesTheEndOfTheSuspensionInstead() {
        Pipeline p = pipeline(Lane.live(), OCT_9_2025);
        announcement61(p);
        announcement70(p);
        p.pipe("no80", "CN", "https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/art_80.html",
                "商务部公告2026年第80号 关于延长暂停实施商务部公告2025年第61号期限的公告",
                "现决定，将商务部公告2025年第61号的暂停实施期限延长至2027年11月10日。", Instant.parse("2026-11-05T08:00:00Z"));
        RegisteredMeasure extended = p.register.get(NO_61);
        assertEquals(MeasureStatus.SUSPENDED, extended.status());
        assertEquals(LocalDate.of(2027, 11, 10), extended.suspendedUntil());
        p.driver.advanceWallClockTime(Duration.between(OCT_9_2025, SUSPENSION_OVER.plus(Duration.ofDays(10))));
        p.drain();
        assertEquals(List.of("suspension-ends-soon " + NO_61), p.lifecycleSeen(),
                "the 2026 warning went out before the extension; the end it announced never came");
        assertEquals(MeasureStatus.SUSPENDED, p.register.get(NO_61).status());
    }

    @Test
    void anEuRegulationAmendedByALaterOneNamingIt() {
        Pipeline p = pipeline(Lane.live(), Instant.parse("2025-07-01T00:00:00Z"));
        p.pipe("reg1234", "EU", "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32025R1234",
                "Commission Implementing Regulation (EU) 2025/1234 imposing a definitive anti-dumping duty on imports of "
                        + "graphite electrodes originating in the People's Republic of China",
                "This Regulation shall enter into force on the day following that of its publication in the Official Journal "
                        + "of the European Union.", Instant.parse("2025-07-10T06:00:00Z"));
        RegisteredMeasure duty = p.register.get("celex:32025R1234");
        assertNotNull(duty, "registered: " + p.register.keySet());
        assertEquals(LocalDate.of(2025, 7, 11), duty.effectiveFrom());
        assertEquals(MeasureStatus.ADOPTED, duty.status());
        p.driver.advanceWallClockTime(Duration.ofDays(12));
        p.drain();
        // Published the day before it applies: too late for a day's warning, so only the day itself.
        assertEquals(List.of("takes-effect celex:32025R1234"), p.lifecycleSeen());
        assertEquals(MeasureStatus.IN_FORCE, p.register.get("celex:32025R1234").status());

        p.pipe("reg77", "EU", "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32026R0077",
                "Commission Implementing Regulation (EU) 2026/77 amending Implementing Regulation (EU) 2025/1234 imposing a "
                        + "definitive anti-dumping duty on imports of graphite electrodes originating in the People's Republic of China",
                "", Instant.parse("2026-01-15T06:00:00Z"));
        RegisteredMeasure amended = p.register.get("celex:32025R1234");
        LifeStep last = amended.life().get(amended.life().size() - 1);
        assertEquals(LifeStep.AMENDED, last.step());
        assertEquals("celex:32026R0077", last.byAct());
        assertEquals(MeasureStatus.IN_FORCE, amended.status());
        assertNull(p.register.get("celex:32026R0077"), "an amending act is a step of the act it amends");

        // Named by its CELEX number alone.
        p.pipe("reg512", "EU", "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32026R0512",
                "Commission Implementing Regulation (EU) 2026/512 of 2 March 2026",
                "This Regulation amends 32025R1234 as regards the names of the exporting producers. It shall apply from "
                        + "1 April 2026.", Instant.parse("2026-03-03T06:00:00Z"));
        RegisteredMeasure again = p.register.get("celex:32025R1234");
        LifeStep named = again.life().get(again.life().size() - 1);
        assertEquals(LifeStep.AMENDED, named.step());
        assertEquals("celex:32026R0512", named.byAct());
        assertEquals(LocalDate.of(2026, 4, 1), named.from(), "the amendment's own date");
    }

    @Test
    void aFederalRegisterRuleAndItsCorrection() {
        Pipeline p = pipeline(Lane.live(), Instant.parse("2025-03-20T00:00:00Z"));
        p.pipe("fr-05312", "US", "https://www.federalregister.gov/documents/2025/03/28/2025-05312/additions-to-the-entity-list",
                "Additions to the Entity List",
                "SUMMARY: The Bureau of Industry and Security (BIS) amends the Export Administration Regulations by adding 80 "
                        + "entities to the Entity List, including entities in China. DATES: This rule is effective March 25, 2025.",
                Instant.parse("2025-03-28T13:00:00Z"));
        RegisteredMeasure rule = p.register.get("fr:2025-05312");
        assertNotNull(rule, "registered: " + p.register.keySet());
        assertEquals(LocalDate.of(2025, 3, 25), rule.effectiveFrom());
        assertEquals(MeasureStatus.IN_FORCE, rule.status(), "effective before it was published: in force at once");
        assertTrue(rule.upcoming().isEmpty());

        p.pipe("fr-06010", "US", "https://www.federalregister.gov/documents/2025/04/04/2025-06010/additions-to-the-entity-list-correction",
                "Additions to the Entity List; Correction",
                "SUMMARY: This document corrects FR Doc. 2025-05312, a final rule published March 28, 2025, that added entities "
                        + "to the Entity List. DATES: This correction is effective April 4, 2025.",
                Instant.parse("2025-04-04T13:00:00Z"));
        RegisteredMeasure corrected = p.register.get("fr:2025-05312");
        assertEquals(List.of(LifeStep.ADOPTED, LifeStep.AMENDED), corrected.life().stream().map(LifeStep::step).toList());
        assertEquals("fr:2025-06010", corrected.life().get(1).byAct());
        assertEquals(MeasureStatus.IN_FORCE, corrected.status());
    }

    @Test
    void aPrintedCorrectionC1IsAStepOfTheRuleItCorrectsAndJoinsItsEvent() {
        // As the Federal Register adapter writes them (FederalRegisterAdapterTest): the rule 2026-16628 and its printed
        // correction C1-2026-16628 of 2026-08-28, titled "Correction" as the API titles printed corrections.
        Pipeline p = pipeline(Lane.live(), Instant.parse("2026-08-01T00:00:00Z"));
        // The rule's own day is not in the evidence (before the correction): its short address and a time before.
        p.pipe("fr-16628", "US", "https://www.federalregister.gov/d/2026-16628",
                "Streamlining Export Controls for Drone Exports",
                "Agencies: Industry and Security Bureau.\nDocument type: Rule.", Instant.parse("2026-08-10T10:00:00Z"));
        assertNotNull(p.register.get("fr:2026-16628"), "registered: " + p.register.keySet());
        p.pipe("fr-c1-16628", "US", "https://www.federalregister.gov/documents/2026/08/28/C1-2026-16628/streamlining-export-controls-for-drone-exports",
                "Correction",
                "Agencies: Industry and Security Bureau.\nDocument type: Rule.\nCorrection of FR Doc. 2026-16628.",
                Instant.parse("2026-08-28T10:00:00Z"));
        RegisteredMeasure rule = p.register.get("fr:2026-16628");
        assertEquals(List.of(LifeStep.ADOPTED, LifeStep.AMENDED), rule.life().stream().map(LifeStep::step).toList(),
                "the correction is a step of the rule, not a second rule: " + p.register.keySet());
        assertEquals("fr:C1-2026-16628", rule.life().get(1).byAct());
        assertNull(p.register.get("fr:C1-2026-16628"), "no measure of its own");
        Indicator correction = p.events.stream().filter(i -> i.itemId().equals("fr-c1-16628")).reduce((a, b) -> b).orElseThrow();
        assertEquals(chokepoint.records.Stage.PROCEDURAL, correction.stage(), "a procedural step no rule counts as a new rule: " + correction);
        assertTrue(correction.references().contains("fr:2026-16628"), "it keeps the corrected document's identifier");
    }

    @Test
    void aReplayOfTheRangeRebuildsTheRegisterTheLiveLaneBuilt() {
        Instant end = Instant.parse("2026-12-01T00:00:00Z");
        Pipeline live = pipeline(Lane.live(), OCT_9_2025);
        announcement61(live);
        announcement70(live);
        live.driver.advanceWallClockTime(Duration.between(OCT_9_2025, Instant.parse("2026-11-20T00:00:00Z")));
        // Something later in the stream: a replay's clock is the items' time.
        live.pipe("later", "CN", "https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/art_90.html",
                "商务部新闻发言人就相关问题答记者问", "", Instant.parse("2026-11-25T02:00:00Z"));

        Pipeline replay = pipeline(Lane.replay("r1", Instant.parse("2025-01-01T00:00:00Z"), end), end.plus(Duration.ofDays(30)));
        announcement61(replay);
        announcement70(replay);
        replay.pipe("later", "CN", "https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/art_90.html",
                "商务部新闻发言人就相关问题答记者问", "", Instant.parse("2026-11-25T02:00:00Z"));

        assertEquals(live.register, replay.register);
        assertEquals(live.lifecycleSeen(), replay.lifecycleSeen());
        assertEquals(List.of("suspension-ends " + NO_61), replay.lifecycleSeen(),
                "caught up past the end: the warning of it would be stale news");
    }

    @Test
    void aMeasureLiftedLongAgoLeavesTheRegisterWhileOneInForceStays() {
        Pipeline p = pipeline(Lane.live(), OCT_9_2025);
        announcement61(p);
        p.pipe("no20", "CN", "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_20.html",
                "商务部公告2025年第20号 公布将7家欧盟实体列入出口管制管控名单", "本公告自公布之日起正式实施。", OCT_9_2025);
        p.pipe("no75", "CN", "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_75.html",
                "商务部公告2025年第75号 关于废止商务部公告2025年第61号的公告", "现决定，废止商务部公告2025年第61号。",
                Instant.parse("2025-11-20T02:00:00Z"));
        assertEquals(MeasureStatus.LIFTED, p.register.get(NO_61).status());
        // A year later the lifting is still on record.
        p.pipe("later-1", "CN", "https://www.mofcom.gov.cn/x1", "商务部新闻发言人答记者问", "", Instant.parse("2026-11-20T02:00:00Z"));
        assertNotNull(p.register.get(NO_61));
        // 400 days after its last step it is deleted; the act in force stays.
        p.pipe("later-2", "CN", "https://www.mofcom.gov.cn/x2", "商务部新闻发言人答记者问", "", Instant.parse("2027-01-10T02:00:00Z"));
        assertTrue(p.register.containsKey(NO_61) && p.register.get(NO_61) == null, "a tombstone: " + p.register.get(NO_61));
        assertEquals(MeasureStatus.IN_FORCE, p.register.get("cn:mofcom:2025-20").status());
        assertNull(p.driver.getKeyValueStore(MeasureRegisterProcessor.MEASURES).get(NO_61));
    }

    /** What a restarted task finds: its stores as their changelogs hold them. */
    private static void copyStores(TopologyTestDriver from, TopologyTestDriver to) {
        for (String name : List.of(MeasureRegisterProcessor.MEASURES, MeasureRegisterProcessor.DUE)) {
            KeyValueStore<String, Object> source = from.getKeyValueStore(name);
            KeyValueStore<String, Object> target = to.getKeyValueStore(name);
            try (KeyValueIterator<String, Object> all = source.all()) {
                all.forEachRemaining(entry -> target.put(entry.key, entry.value));
            }
        }
    }

    /**
     * The EU's duties on Chinese electric cars, as the demo has them (real titles and ELI links, no text): registered
     * like MOFCOM's acts, and ADOPTED, since nothing said from when they apply; an act that says so is IN_FORCE.
     */
    @Test
    void euActsAreRegisteredAndInForceOnlyWhenATextSaysFromWhen() {
        Pipeline p = pipeline(Lane.live(), Instant.parse("2024-07-05T00:00:00Z"));
        p.pipe("32024R1866", "EU", "https://eur-lex.europa.eu/eli/reg_impl/2024/1866/oj",
                "Commission Implementing Regulation (EU) 2024/1866 of 3 July 2024 imposing a provisional countervailing duty on "
                        + "imports of new battery electric vehicles designed for the transport of persons originating in the "
                        + "People's Republic of China", "", Instant.parse("2024-07-04T06:00:00Z"));
        p.pipe("32024R2754", "EU", "https://eur-lex.europa.eu/eli/reg_impl/2024/2754/oj",
                "Commission Implementing Regulation (EU) 2024/2754 of 29 October 2024 imposing a definitive countervailing duty "
                        + "on imports of new battery electric vehicles designed for the transport of persons originating in the "
                        + "People's Republic of China", "", Instant.parse("2024-10-30T06:00:00Z"));
        for (String act : List.of("celex:32024R1866", "celex:32024R2754")) {
            RegisteredMeasure duty = p.register.get(act);
            assertNotNull(duty, act + " registered: " + p.register.keySet());
            assertEquals("EU", duty.actor());
            assertEquals(List.of("CN"), duty.targets());
            assertEquals(Measure.TRADE_DEFENSE, duty.measure());
            assertEquals(MeasureStatus.ADOPTED, duty.status(), "no date in force, no statement: adopted, not presumed in force");
        }
        p.pipe("no20", "CN", "http://exportcontrol.mofcom.gov.cn/article/zcfg/gnzcfg/gzjgfxwj/202605/1283.html",
                "商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单", "", Instant.parse("2024-11-01T00:00:00Z"));
        assertEquals(MeasureStatus.ADOPTED, p.register.get("cn:mofcom:2026-20").status());
        p.pipe("no21", "CN", "http://exportcontrol.mofcom.gov.cn/article/zcfg/gnzcfg/zcfggzqd/202504/1116.html",
                "商务部公告2025年第21号 公布将16家美国实体列入出口管制管控名单", "本公告自公布之日起实施。",
                Instant.parse("2024-11-02T00:00:00Z"));
        assertEquals(MeasureStatus.IN_FORCE, p.register.get("cn:mofcom:2025-21").status(), "\"from the day of publication\"");
    }
}
