package chokepoint.streams.fuse;

import chokepoint.records.Item;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.topics.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The router sends every copy fusion could join to the partition of the story it belongs with: the key it forwards is
 * the story (the item that began it), whatever input partition the copy came from.
 */
class StoryRouterTest {

    private static final Instant T0 = Instant.parse("2025-10-09T02:00:00Z");
    /** The first paragraph of a wire story, as outlets that retitle it keep it. */
    private static final String WIRE_LEAD = "BEIJING, Oct 9 (Reuters) - China on Thursday sharply expanded its rare earths "
            + "export controls, adding five new elements and extra scrutiny for semiconductor users, as Beijing tightens its "
            + "grip on the sector ahead of talks between the two presidents.";

    private final Classifier classifier = new Classifier(RuleSet.bundled(), Clock.systemUTC());
    private final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    private StoryRouter router;

    StoryRouterTest() {
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoryRouter.ROUTES), Serdes.String(),
                StoryRouter.Route.serde()).withLoggingDisabled().build());
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoryRouter.PRINTS), Serdes.String(),
                new StoryPrintSerde()).withLoggingDisabled().build());
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoryRouter.SUBJECTS), Serdes.String(),
                JsonSerde.of(ActSubject.class)).withLoggingDisabled().build());
        start();
    }

    private void add(KeyValueStore<?, ?> store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    /** A router as a task starts it: its indexes rebuilt from the stores. */
    private void start() {
        router = new StoryRouter(Duration.ofDays(1));
        router.init(context);
    }

    /** The story the copy is sent to. */
    private String route(String id, String jurisdiction, String title, String text, Instant at) {
        Item item = new Item(id, "src-" + id, "rss", jurisdiction, "https://example.org/" + id, title, text, null, at, null, at, id);
        StoryCopy copy = StoryCopy.of(classifier.classify(item), text);
        byte[] bytes = StoryCopy.serde().serializer().serialize(null, copy);
        context.resetForwards();
        router.process(new Record<>(StoryCard.of(copy), bytes, at.toEpochMilli()));
        List<MockProcessorContext.CapturedForward<? extends String, ? extends byte[]>> out = context.forwarded();
        assertEquals(1, out.size());
        assertArrayEquals(bytes, out.get(0).record().value(), "the copy passes untouched");
        return out.get(0).record().key();
    }

    @Test
    void copiesNamingOneActGoToTheStoryOfTheFirst() {
        assertEquals("zh", route("zh", "CN", "商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定", "决定对境外相关稀土物项实施出口管制。", T0));
        assertEquals("zh", route("en", "CN", "MOFCOM Announcement No. 61 of 2025 on Export Control Measures for Relevant Overseas Rare Earth Items",
                "The Ministry of Commerce decided to implement export controls.", T0.plus(Duration.ofHours(3))));
        assertEquals("zh", route("wire", null, "China widens rare earth export controls to foreign-made products",
                "Beijing's commerce ministry said in MOFCOM Announcement No. 61 of 2025 that the rules apply abroad.",
                T0.plus(Duration.ofHours(5))));
    }

    @Test
    void nearTitlesAndEqualLeadsGoToTheirStoryAndOtherStoriesToTheirOwn() {
        assertEquals("r1", route("r1", null, "China imposes export controls on gallium and germanium", "", T0));
        assertEquals("r1", route("r2", null, "China imposes export controls on gallium, germanium", "", T0.plusSeconds(60)));
        assertEquals("reuters", route("reuters", null, "China expands rare earth export controls", WIRE_LEAD, T0));
        assertEquals("reuters", route("yahoo", null, "Beijing tightens its grip on critical minerals before Trump-Xi meeting",
                WIRE_LEAD + " The rules take effect on December 1.", T0.plusSeconds(120)));
        assertEquals("bakery", route("bakery", null, "Bakery chain opens twelve new stores", "", T0));
        assertEquals("later", route("later", null, "China imposes export controls on gallium and germanium", "", T0.plus(Duration.ofDays(40))),
                "the same words a month later are a new story");
    }

    @Test
    void anItemGoesBackToItsStoryWhenRevisedUnderAnotherTitleAfterARestart() {
        route("r1", null, "China imposes export controls on gallium and germanium", "", T0);
        assertEquals("r1", route("r2", null, "China imposes export controls on gallium, germanium", "", T0.plusSeconds(60)));
        start();
        assertEquals("r1", route("r2", null, "Beijing restricts exports of two chip metals", "Corrected headline.",
                T0.plus(Duration.ofHours(3))), "where fusion holds the event it joined");
        assertEquals("r1", route("r3", null, "China imposes export controls on gallium and germanium", "", T0.plus(Duration.ofHours(4))),
                "the prints survive the restart");
    }

    @Test
    void aFollowUpGoesBesideTheActItSuspendsAndItsOwnFollowUpsBesideIt() {
        route("no-99", "CN", "商务部公告2027年第99号 关于对镓相关物项实施出口管制的公告", "决定对镓相关物项实施出口管制。", T0);
        assertEquals("no-99", route("no-100", "CN", "商务部公告2027年第100号 关于暂停实施商务部公告2027年第99号的公告",
                "决定暂停实施商务部公告2027年第99号。", T0.plus(Duration.ofDays(30))));
        assertEquals("no-99", route("no-101", "CN", "商务部公告2027年第101号 关于延长商务部公告2027年第100号暂停期限的公告", "",
                T0.plus(Duration.ofDays(60))));
    }

    @Test
    void talkAboutAnActGoesToTheActsStoryInEitherOrder() {
        String act = "商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单";
        String answer = "商务部新闻发言人就将7家欧盟实体列入出口管制管控名单答记者问";
        route("act", "CN", act, "", T0);
        assertEquals("act", route("answer", "CN", answer, "", T0.plus(Duration.ofHours(2))));
        assertEquals("answer-first", route("answer-first", "CN", answer.replace("7家", "9家"), "", T0.plus(Duration.ofDays(20))));
        assertEquals("answer-first", route("act-later", "CN", act.replace("7家", "9家").replace("第20号", "第30号"), "",
                T0.plus(Duration.ofDays(21))));
    }

    @Test
    void aCardlessRecordStillReachesFusion() {
        byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);
        router.process(new Record<>(null, bytes, T0.toEpochMilli()));
        assertEquals("", context.forwarded().get(0).record().key());
    }
}
