package chokepoint.streams.topology;

import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.records.Measure;
import chokepoint.records.SourceRef;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One story, one indicator: copies fused by shared identifiers and near-identical titles. */
class FusionTest {

    private static final Instant T0 = Instant.parse("2025-10-09T02:00:00Z");
    /** The first paragraph of a wire story, as outlets that retitle it keep it. */
    private static final String WIRE_LEAD = "BEIJING, Oct 9 (Reuters) - China on Thursday sharply expanded its rare earths "
            + "export controls, adding five new elements and extra scrutiny for semiconductor users, as Beijing tightens its "
            + "grip on the sector ahead of talks between the two presidents.";

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> items;
    private TestOutputTopic<String, Indicator> indicators;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fusion-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/fusion-test-" + System.nanoTime());
        driver = new TopologyTestDriver(ClassifyTopology.build(new Classifier(RuleSet.bundled(), Clock.systemUTC())), props);
        items = driver.createInputTopic(Topics.ITEMS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        indicators = driver.createOutputTopic(Topics.INDICATORS.name(), Topics.INDICATORS.keySerde().deserializer(),
                Topics.INDICATORS.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void pipe(String id, String source, String jurisdiction, String title, String text, Instant at) {
        Item item = new Item(id, source, "rss", jurisdiction, "https://example.org/" + id, title, text, null, at, null, at,
                Integer.toHexString((title + text).hashCode()));
        items.pipeInput(id, Topics.ITEMS.valueSerde().serializer().serialize(Topics.ITEMS.name(), item), at);
    }

    /** The latest indicator per key, as a compacted reader would see it. */
    private Map<String, Indicator> latest() {
        Map<String, Indicator> byKey = new LinkedHashMap<>();
        for (KeyValue<String, Indicator> kv : indicators.readKeyValuesToList()) {
            byKey.put(kv.key, kv.value);
        }
        return byKey;
    }

    @Test
    void sameAnnouncementFromThreeSourcesIsOneEventWithThreeSources() {
        pipe("mofcom-zh", "cn-mofcom", "CN", "商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定",
                "为维护国家安全和利益，决定对境外相关稀土物项实施出口管制。", T0);
        pipe("mofcom-en", "cn-mofcom-en", "CN", "MOFCOM Announcement No. 61 of 2025 on Export Control Measures for Relevant Overseas Rare Earth Items",
                "The Ministry of Commerce decided to implement export controls.", T0.plus(Duration.ofHours(3)));
        pipe("wire", "news-wire", null, "China widens rare earth export controls to foreign-made products",
                "Beijing's commerce ministry said in MOFCOM Announcement No. 61 of 2025 that the rules apply abroad.",
                T0.plus(Duration.ofHours(5)));
        Map<String, Indicator> events = latest();
        assertEquals(1, events.size(), "one event: " + events.keySet());
        Indicator event = events.values().iterator().next();
        assertEquals("mofcom-zh", event.id(), "the event keeps the id of its first copy");
        assertEquals(List.of("cn-mofcom", "cn-mofcom-en", "news-wire"), event.sources().stream().map(SourceRef::sourceId).toList());
        assertEquals(T0, event.occurredAt(), "the earliest time seen");
        assertEquals(Measure.EXPORT_CONTROL, event.measure());
        assertEquals("CN", event.actor());
        assertTrue(event.references().contains("cn:mofcom:2025-61"), event.references().toString());
    }

    @Test
    void twoDifferentMeasuresOnTheSameDayAreTwoEvents() {
        pipe("a", "fr", "US", "Additions to the Entity List", "See FR Doc. 2025-19508.", T0);
        pipe("b", "fr", "US", "Implementation of Additional Export Controls on Advanced Computing Items",
                "See FR Doc. 2025-19510.", T0.plus(Duration.ofHours(1)));
        assertEquals(2, latest().size());
    }

    @Test
    void sameTitleWithDifferentDocumentNumbersIsTwoEvents() {
        pipe("a", "fr", "US", "Additions to the Entity List", "See FR Doc. 2025-19508.", T0);
        pipe("b", "fr", "US", "Additions to the Entity List", "See FR Doc. 2025-20111.", T0.plus(Duration.ofDays(1)));
        assertEquals(2, latest().size(), "a recurring title names a new act each time");
    }

    @Test
    void nearIdenticalHeadlinesFuseButNotAcrossMonths() {
        pipe("r1", "wire-a", null, "China imposes export controls on gallium and germanium", "", T0);
        pipe("r2", "wire-b", null, "China imposes export controls on gallium, germanium", "", T0.plus(Duration.ofHours(2)));
        pipe("later", "wire-c", null, "China imposes export controls on gallium and germanium", "", T0.plus(Duration.ofDays(40)));
        Map<String, Indicator> events = latest();
        assertEquals(2, events.size(), "copies within days fuse; the same words a month later are a new story");
        assertEquals(2, events.get("r1").sources().size());
    }

    @Test
    void anOutletsOwnHeadlineOverTheWireLeadJoinsTheWireStory() {
        String lead = WIRE_LEAD;
        pipe("reuters", "reuters", null, "China expands rare earth export controls", lead, T0);
        pipe("yahoo", "yahoo-finance", null, "Beijing tightens its grip on critical minerals before Trump-Xi meeting",
                lead + " The commerce ministry said the rules take effect on December 1.", T0.plus(Duration.ofMinutes(40)));
        Map<String, Indicator> events = latest();
        assertEquals(1, events.size(), events.keySet().toString());
        assertEquals(2, events.get("reuters").sources().size());
    }

    @Test
    void anEventIsFoundByTheTitleOfAnyOfItsCopiesNotOnlyTheLatest() {
        String lead = WIRE_LEAD;
        pipe("reuters", "reuters", null, "China expands rare earth export controls", lead, T0);
        pipe("yahoo", "yahoo-finance", null, "Beijing tightens its grip on critical minerals before Trump-Xi meeting", lead,
                T0.plus(Duration.ofMinutes(40)));
        pipe("bbc", "bbc", null, "China expands rare-earth export controls", "", T0.plus(Duration.ofHours(2)));
        Map<String, Indicator> events = latest();
        assertEquals(1, events.size(), events.keySet().toString());
        assertEquals(3, events.get("reuters").sources().size());
    }

    @Test
    void anEscalationOrAReversalDaysLaterIsNewsNotACopy() {
        pipe("t34", "wire-a", null, "China raises tariffs on US goods to 34%", "", T0);
        pipe("t84", "wire-a", null, "China raises tariffs on US goods to 84%", "", T0.plus(Duration.ofDays(2)));
        pipe("ban", "wire-a", null, "China imposes export ban on gallium", "", T0);
        pipe("lift", "wire-b", null, "China lifts export ban on gallium", "", T0.plus(Duration.ofDays(1)));
        assertEquals(4, latest().size(), latest().keySet().toString());
    }

    @Test
    void noticesSharingBoilerplateButNamingDifferentActsStayApart() {
        String boilerplate = "The U.S. Department of Commerce (Commerce) determines that %s from the People's Republic of China "
                + "are being, or are likely to be, sold in the United States at less than fair value (LTFV). The period of "
                + "investigation is January 1, 2024, through June 30, 2024. See FR Doc. %s.";
        pipe("a", "fr", "US", "Paper Plates From China: Final Determination", String.format(boilerplate, "paper plates", "2025-10001"), T0);
        pipe("b", "fr", "US", "Paper Cups From China: Final Determination", String.format(boilerplate, "paper cups", "2025-10002"),
                T0.plus(Duration.ofMinutes(5)));
        assertEquals(2, latest().size());
    }

    @Test
    void anUpdatedCopyStaysInTheEventItJoined() {
        pipe("r1", "wire-a", null, "China imposes export controls on gallium and germanium", "", T0);
        pipe("r2", "wire-b", null, "China imposes export controls on gallium, germanium", "", T0.plus(Duration.ofHours(2)));
        pipe("r2", "wire-b", null, "Beijing restricts exports of two chip metals", "Corrected headline.", T0.plus(Duration.ofHours(3)));
        Map<String, Indicator> events = latest();
        assertEquals(1, events.size(), events.keySet().toString());
        assertEquals(2, events.get("r1").sources().size(), "the correction is the same source, not a third");
    }

    @Test
    void anUpdatedItemUpdatesItsEventUnderTheSameKey() {
        pipe("a", "fr", "US", "Notice", "Details to follow.", T0);
        pipe("a", "fr", "US", "Additions to the Entity List", "Adds 29 entities.", T0);
        List<KeyValue<String, Indicator>> out = indicators.readKeyValuesToList();
        assertEquals(2, out.size());
        assertEquals("a", out.get(1).key);
        assertEquals(Measure.SANCTION_LISTING, out.get(1).value.measure());
        assertEquals(1, out.get(1).value.sources().size(), "an update is not a second source");
    }

    @Test
    void aBetterClassificationFromALaterCopyWins() {
        pipe("vague", "news", null, "Beijing announcement No. 61 reported", "MOFCOM Announcement No. 61 of 2025 was published.", T0);
        pipe("official", "cn-mofcom", "CN", "商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定", "", T0.plus(Duration.ofHours(1)));
        Map<String, Indicator> events = latest();
        assertEquals(1, events.size());
        Indicator event = events.get("vague");
        assertEquals(Measure.EXPORT_CONTROL, event.measure());
        assertEquals("official", event.itemId(), "the classification comes from the copy that says the most");
        assertNotEquals(0, event.severity());
    }

    @Test
    void aFollowUpThatNamesNoMeasureTakesTheMeasureOfTheActItSuspendsAndIsAnEventOfItsOwn() {
        // Announcement numbers no rule file knows: the measure can only come from the act's own event.
        pipe("no-99", "cn-mofcom", "CN", "商务部公告2027年第99号 关于对镓相关物项实施出口管制的公告",
                "根据《中华人民共和国出口管制法》，决定对镓相关物项实施出口管制。", T0);
        pipe("no-100", "cn-mofcom", "CN", "商务部公告2027年第100号 关于暂停实施商务部公告2027年第99号的公告",
                "决定暂停实施商务部公告2027年第99号，暂停实施至2028年11月10日。", T0.plus(Duration.ofDays(30)));
        pipe("no-101", "cn-mofcom", "CN", "商务部公告2027年第101号 关于延长商务部公告2027年第100号暂停期限的公告",
                "", T0.plus(Duration.ofDays(60)));
        Map<String, Indicator> events = latest();
        assertEquals(3, events.size(), "a suspension is not a copy of what it suspends: " + events.keySet());
        Indicator suspension = events.get("no-100");
        assertEquals(Measure.EXPORT_CONTROL, suspension.measure(), "the measure of announcement No. 99, from its event");
        assertEquals(chokepoint.records.Stage.EASED, suspension.stage());
        assertEquals("CN", suspension.actor());
        assertEquals(List.of(new chokepoint.records.ActReference("cn:mofcom:2027-99", "suspends")), suspension.refersTo());
        assertTrue(suspension.sectors().contains("gallium"), "its sectors too: " + suspension.sectors());
        Indicator extension = events.get("no-101");
        assertEquals(Measure.EXPORT_CONTROL, extension.measure(), "through the suspension's event, to the measure");
        assertEquals(chokepoint.records.Stage.EASED, extension.stage(), "extending a suspension keeps the measure eased");
    }

    /** Real titles from exportcontrol.mofcom.gov.cn (shared corpora, sources/mofcom-exportcontrol-titles.jsonl). */
    private static final String ACT_2026_20 = "商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单";
    private static final String ANSWER_2026_20 = "商务部新闻发言人就将7家欧盟实体列入出口管制管控名单答记者问";

    @Test
    void anAnswerToJournalistsAboutAnActJoinsTheActsEventInEitherOrder() {
        pipe("act", "cn-mofcom", "CN", ACT_2026_20, "", T0);
        pipe("answer", "cn-mofcom", "CN", ANSWER_2026_20, "", T0.plus(Duration.ofHours(2)));
        Map<String, Indicator> events = latest();
        assertEquals(List.of("act"), List.copyOf(events.keySet()), "one act, one event");
        Indicator event = events.get("act");
        assertEquals(List.of("act", "answer"), event.sources().stream().map(SourceRef::itemId).toList());
        assertEquals(ACT_2026_20, event.title(), "the act speaks for its event");
        assertTrue(event.references().contains("cn:mofcom:2026-20"));

        // The answer published first (MOFCOM's site dates it two days before the announcement).
        tearDown();
        setUp();
        pipe("answer", "cn-mofcom", "CN", ANSWER_2026_20, "", T0);
        pipe("act", "cn-mofcom", "CN", ACT_2026_20, "", T0.plus(Duration.ofDays(2)));
        events = latest();
        assertEquals(List.of("answer"), List.copyOf(events.keySet()), "the act joins the answer's event: " + events.keySet());
        assertEquals(ACT_2026_20, events.get("answer").title(), "and speaks for it");
        assertEquals(2, events.get("answer").sources().size());
    }

    @Test
    void talkAboutAnotherListingOrLongAfterStaysApart() {
        pipe("act", "cn-mofcom", "CN", ACT_2026_20, "", T0);
        pipe("other", "cn-mofcom", "CN", "商务部新闻发言人就将3家美国实体列入出口管制管控名单答记者问", "", T0.plus(Duration.ofHours(1)));
        pipe("late", "cn-mofcom", "CN", ANSWER_2026_20, "", T0.plus(Duration.ofDays(40)));
        pipe("vague", "cn-mofcom", "CN", "商务部新闻发言人就安世半导体问题答记者问", "", T0.plus(Duration.ofHours(3)));
        assertEquals(4, latest().size(), "another number, a month later, another subject: other stories");
    }

    @Test
    void anUnnumberedDecisionAndTheAnswerAboutItAreOneEvent() {
        pipe("answer", "cn-mofcom", "CN", "商务部新闻发言人就将3家美国企业列入不可靠实体清单答记者问", "", T0);
        pipe("decision", "cn-mofcom", "CN", "不可靠实体清单工作机制关于将萨罗尼克科技公司等3家美国企业列入不可靠实体清单的公告", "",
                T0.plus(Duration.ofHours(1)));
        assertEquals(1, latest().size());
    }

    @Test
    void anOrderNumberedInChineseNumeralsIsNamedLikeOneInDigits() {
        pipe("zh", "cn-mofcom", "CN", "中华人民共和国商务部令二〇二五年第5号 关于对欧盟两家金融机构采取反制措施的决定", "", T0);
        Indicator event = latest().get("zh");
        assertTrue(event.references().contains("cn:mofcom:order-2025-5"), event.references().toString());
    }
}
