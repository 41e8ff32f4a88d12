package chokepoint.topics;

import chokepoint.records.Evidence;
import chokepoint.records.Indicator;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonSerdeTest {

    @Test
    void indicatorRoundTripsAndStaysReadable() {
        Indicator indicator = new Indicator("src:1", "src:1", "src", "rss", "https://x.org/1", "MOFCOM 公告 2025年第61号",
                Measure.EXPORT_CONTROL, Stage.IMPOSED, "CN", List.of("EU"), List.of("rare-earths"), List.of("2805.30"), List.of("1E902.a"), List.of("cn:mofcom:2025-61"), 8,
                List.of("export control +3"), List.of(new Evidence("title", "出口管制", 3, "measure.EXPORT_CONTROL")),
                "v1", List.of(), Instant.parse("2025-10-09T02:00:00Z"), Instant.parse("2025-10-09T02:00:05Z"));
        byte[] bytes = Topics.INDICATORS.valueSerde().serializer().serialize("t", indicator);
        String json = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"occurredAt\":\"2025-10-09T02:00:00Z\""), json);
        assertEquals(indicator, Topics.INDICATORS.valueSerde().deserializer().deserialize("t", bytes));
    }

    @Test
    void garbageRaisesSerializationExceptionNamingTheTopic() {
        SerializationException e = assertThrows(SerializationException.class, () -> Topics.ITEMS.valueSerde()
                .deserializer().deserialize("chokepoint.items", "{not json".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("chokepoint.items"), e.getMessage());
    }

    @Test
    void anEmptyObjectIsUnreadableOnEveryTopic() {
        // {} is valid JSON: without this check it became a record of nulls that stopped its reader.
        for (Topic<?, ?> topic : Topics.ALL) {
            SerializationException e = assertThrows(SerializationException.class,
                    () -> topic.valueSerde().deserializer().deserialize(topic.name(), "{}".getBytes(StandardCharsets.UTF_8)),
                    topic.name());
            assertTrue(e.getMessage().contains(" no "), e.getMessage());
        }
    }

    @Test
    void jsonNullIsUnreadableToo() {
        assertThrows(SerializationException.class, () -> Topics.BREACHES.valueSerde().deserializer()
                .deserialize("chokepoint.breaches", "null".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void recordTimesStayWhereKafkaTakesThem() {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        assertEquals(now.toEpochMilli(), RecordTime.of(now.plusSeconds(43_200), now, Topics.BREACHES), "never ahead");
        long from1969 = RecordTime.of(Instant.parse("1969-12-31T23:59:59Z"), now, Topics.ITEMS);
        assertTrue(from1969 > 0, "never negative");
        assertTrue(from1969 > now.minus(Topics.ITEMS.retention()).toEpochMilli(), "never older than the topic keeps");
        assertEquals(Instant.parse("2025-10-09T00:00:00Z").toEpochMilli(),
                RecordTime.of(Instant.parse("2025-10-09T00:00:00Z"), now, Topics.ITEMS));
    }

    @Test
    void everyTopicHasAUniqueNameAndAPolicy() {
        assertEquals(Topics.ALL.size(), Topics.ALL.stream().map(Topic::name).distinct().count());
        Topics.ALL.forEach(topic -> assertTrue(topic.compacted() || topic.retention() != null, topic.name()));
    }
}
