package chokepoint.alerts.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partitions taken over start once the log has read what the previous owner wrote; one left with requests on the wire
 * waits until the time its previous owner gave, and only then takes the log's end (which the late answer's entry is in).
 */
class TakeOverTest {

    private static final TopicPartition P0 = new TopicPartition("outbox", 0);
    private static final TopicPartition P1 = new TopicPartition("outbox", 1);

    @Test
    void aPartitionLeftWithRequestsOnTheWireWaitsForThemAndTakesTheLogsEndAfterwards() {
        TakeOver takeOver = new TakeOver();
        long now = 1_000_000;
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of(
                P0, new OffsetAndMetadata(7, TakeOver.metadata(now + 20_000)),
                P1, new OffsetAndMetadata(3, ""));
        takeOver.assigned(List.of(P0, P1), committed, now, Map.of(0, 10L));
        List<Map<Integer, Long>> asked = new ArrayList<>();
        long[] read = {10};
        assertEquals(List.of(P1), takeOver.ready(now + 50, () -> ends(asked, 12), e -> read[0] >= e.get(0)),
                "the partition left cleanly starts once the log has read to its end at the take-over");
        assertTrue(asked.isEmpty(), "the held partition's end is not taken before its time");
        assertTrue(takeOver.waiting());

        assertEquals(List.of(), takeOver.ready(now + 20_001, () -> ends(asked, 12), e -> read[0] >= e.get(0)),
                "its time has come: the log's end is taken now (12, the late answer's entry in it), not yet read");
        assertEquals(1, asked.size());
        read[0] = 12;
        assertEquals(List.of(P0), takeOver.ready(now + 20_050, () -> ends(asked, 99), e -> read[0] >= e.get(0)));
        assertEquals(1, asked.size(), "the end is taken once");
        assertFalse(takeOver.waiting());
    }

    @Test
    void metadataThatIsNotOursOrInThePastHoldsNothing() {
        assertEquals(0, TakeOver.onTheWireUntil(null));
        assertEquals(0, TakeOver.onTheWireUntil(new OffsetAndMetadata(1, "")));
        assertEquals(0, TakeOver.onTheWireUntil(new OffsetAndMetadata(1, TakeOver.ON_THE_WIRE_UNTIL + "soon")));
        assertEquals(42, TakeOver.onTheWireUntil(new OffsetAndMetadata(1, TakeOver.metadata(42))));
        TakeOver takeOver = new TakeOver();
        takeOver.assigned(List.of(P0), Map.of(P0, new OffsetAndMetadata(1, TakeOver.metadata(500))), 1_000, Map.of(0, 0L));
        assertEquals(List.of(P0), takeOver.ready(1_000, () -> Map.of(0, 99L), e -> e.get(0) == 0L), "a past time holds nothing");
        takeOver.assigned(List.of(P1), null, 1_000, Map.of(1, 5L));
        takeOver.forget(List.of(P1));
        assertFalse(takeOver.waiting(), "a partition let go is no longer waited for");
    }

    private static Map<Integer, Long> ends(List<Map<Integer, Long>> asked, long end) {
        Map<Integer, Long> ends = Map.of(0, end);
        asked.add(ends);
        return ends;
    }
}
