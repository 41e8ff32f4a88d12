package chokepoint.streams.fuse;

import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The title index lives in memory: a task that restarts (a new instance, a revived task) must rebuild it from the
 * stores it finds, or a copy arriving after the restart would start a second event.
 */
class FuseProcessorRestartTest {

    private static final Instant T0 = Instant.parse("2025-10-09T02:00:00Z");
    private final Classifier classifier = new Classifier(RuleSet.bundled(), Clock.systemUTC());
    private final MockProcessorContext<String, Indicator> context = new MockProcessorContext<>();

    FuseProcessorRestartTest() {
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FuseProcessor.EVENTS), Serdes.String(),
                Topics.INDICATORS.valueSerde()).withLoggingDisabled().build());
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FuseProcessor.IDENTIFIERS), Serdes.String(),
                Serdes.String()).withLoggingDisabled().build());
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FuseProcessor.PRINTS), Serdes.String(),
                new StoryPrintSerde()).withLoggingDisabled().build());
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FuseProcessor.SUBJECTS), Serdes.String(),
                chokepoint.topics.JsonSerde.of(ActSubject.class)).withLoggingDisabled().build());
    }

    private void add(KeyValueStore<?, ?> store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private Record<String, StoryCopy> copy(String id, String title, Instant at) {
        Item item = new Item(id, "wire-" + id, "rss", null, "https://example.org/" + id, title, "", null, at, null, at, id);
        return new Record<>("story", StoryCopy.of(classifier.classify(item), item.text()), at.toEpochMilli());
    }

    @Test
    void aNearCopyAfterARestartJoinsTheEventSeenBeforeIt() {
        FuseProcessor before = new FuseProcessor();
        before.init(context);
        before.process(copy("r1", "China imposes export controls on gallium and germanium", T0));
        before.close();
        context.resetForwards();

        FuseProcessor after = new FuseProcessor();
        after.init(context);
        after.process(copy("r2", "China imposes export controls on gallium, germanium", T0.plus(Duration.ofHours(2))));
        List<MockProcessorContext.CapturedForward<? extends String, ? extends Indicator>> out = context.forwarded();
        assertEquals(1, out.size());
        assertEquals("r1", out.get(0).record().key());
        assertEquals(2, out.get(0).record().value().sources().size());
    }

    @Test
    void printsOutOfTheWindowLeaveTheStoreAndStayOutAfterARestart() {
        FuseProcessor before = new FuseProcessor();
        before.init(context);
        before.process(copy("old", "Old story about soybean quotas", T0));
        before.process(copy("new", "New story about licences for magnets", T0.plus(Duration.ofDays(4))));
        KeyValueStore<String, StoryPrint> titles = context.getStateStore(FuseProcessor.PRINTS);
        assertEquals(1, titles.approximateNumEntries(), "expired as the newer copy was remembered");
        new FuseProcessor().init(context);
        assertEquals(1, titles.approximateNumEntries());
    }
}
