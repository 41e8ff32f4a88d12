package chokepoint.alerts.delivery;

import chokepoint.records.Breach;
import chokepoint.records.Json;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlackMessageTest {

    @Test
    void blockKitMessageCarriesTitleLinkAndEscapesMarkup() throws Exception {
        Instant t = Instant.parse("2025-10-09T02:00:00Z");
        Breach.IndicatorRef ref = new Breach.IndicatorRef("i1", "MOFCOM <@channel> controls <http://evil|rare earths>",
                "https://www.mofcom.gov.cn/61", "cn-mofcom", Measure.EXPORT_CONTROL, Stage.IMPOSED, "CN", List.of("EU"),
                List.of("rare-earths"), 9, "出口管制", t);
        Breach breach = new Breach("r|CN|1", "r", "Export controls on a chokepoint sector", "count", "CN", "CN",
                List.of("EU"), List.of("rare-earths"), Breach.State.FIRING, 1, 1, 1, "PT168H", t, t, List.of(ref),
                List.of(new Breach.Criterion("frequency", "1 indicator(s) in 7d")), List.of("Restrictions on trade in services"),
                List.of("DUV lithography servicing"));
        JsonNode message = Json.MAPPER.readTree(SlackMessage.of(breach, "http://localhost:8080"));
        assertTrue(message.path("text").asText().contains("Export controls on a chokepoint sector"));
        String body = message.path("blocks").toString();
        assertTrue(body.contains("https://www.mofcom.gov.cn/61"), body);
        assertTrue(body.contains("CN → EU"), body);
        assertFalse(body.contains("<@channel>"), "a title cannot mention the channel: " + body);
        assertFalse(body.contains("<http://evil"), "a title cannot forge a link: " + body);
        assertEquals("header", message.path("blocks").get(0).path("type").asText());
        assertTrue(body.contains("frequency: 1 indicator(s) in 7d"), "Art. 2(2) figures: " + body);
        assertTrue(body.contains("DUV lithography servicing"), "counter-leverage: " + body);
    }
}
