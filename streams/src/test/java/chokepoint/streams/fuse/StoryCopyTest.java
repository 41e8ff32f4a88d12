package chokepoint.streams.fuse;

import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.topics.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StoryCopyTest {

    private final Indicator indicator = new Classifier(RuleSet.bundled(), Clock.systemUTC()).classify(new Item("i1", "wire",
            "rss", null, "https://example.org/1", "China imposes export controls on gallium", "", null,
            Instant.parse("2025-10-09T02:00:00Z"), null, Instant.parse("2025-10-09T02:00:00Z"), "h"));

    @Test
    void roundTripsWithItsLeadPrint() {
        StoryCopy copy = new StoryCopy(indicator, 0x0fed_cba9_8765_4321L, 0x1234_5678_9abc_def0L, 0x11L);
        byte[] bytes = StoryCopy.serde().serializer().serialize("t", copy);
        assertEquals(copy, StoryCopy.serde().deserializer().deserialize("t", bytes));
    }

    @Test
    void readsTheBareIndicatorsEarlierVersionsWroteToTheSameTopic() {
        byte[] bare = Topics.INDICATORS.valueSerde().serializer().serialize("t", indicator);
        StoryCopy copy = StoryCopy.serde().deserializer().deserialize("t", bare);
        assertEquals(indicator, copy.indicator());
        assertEquals(SimHash.NONE, copy.lead());
    }

    @Test
    void badBytesAreASerializationErrorForTheDeadLetterPaths() {
        assertThrows(SerializationException.class, () -> StoryCopy.serde().deserializer()
                .deserialize("t", "{not json".getBytes(StandardCharsets.UTF_8)));
    }
}
