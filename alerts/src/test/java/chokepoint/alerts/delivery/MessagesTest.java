package chokepoint.alerts.delivery;

import chokepoint.records.Breach;
import chokepoint.records.BreachIds;
import chokepoint.records.Json;
import chokepoint.records.Measure;
import chokepoint.records.Notification;
import chokepoint.records.Stage;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages an analyst wants: the subject says FIRING, UPDATE or RESOLVED, an update says what is new since the last
 * message, links go to the breach itself and its dossier, no raw id is in the text, and Chinese notices have their
 * English gist (real MOFCOM titles).
 */
class MessagesTest {

    private static final Instant T0 = Instant.parse("2026-04-24T02:00:00Z");
    private static final String PAGE = "http://localhost:8080";
    private static final String ID = BreachIds.of("pressure-on-europe", "CN", T0);

    private static Breach.IndicatorRef ref(String id, String title, Measure measure, List<String> targets, List<String> sectors) {
        return new Breach.IndicatorRef(id, title, "http://exportcontrol.mofcom.gov.cn/" + id, "cn-mofcom", measure, Stage.IMPOSED, "CN",
                targets, sectors, 7, null, T0);
    }

    private static final Breach.IndicatorRef NO_61 = ref("mofcom-117", "商务部公告2025年第61号 关于稀土出口管制有关事项的公告",
            Measure.EXPORT_CONTROL, List.of("*"), List.of("rare-earths"));
    private static final Breach.IndicatorRef NO_20 = ref("mofcom-27", "商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单",
            Measure.SANCTION_LISTING, List.of("EU"), List.of());

    private static Breach breach(Breach.State state, List<Breach.IndicatorRef> refs) {
        return new Breach(ID, "pressure-on-europe", "Repeated measures by one actor against the EU or a member state", "count", "CN",
                "CN", List.of("*", "EU"), List.of("rare-earths"), state, refs.size(), refs.size(), 2, "P7D", T0, T0, refs,
                List.of(new Breach.Criterion("breadth", "applies to all destinations (1 measure(s) name no target)")), List.of(), List.of());
    }

    private static PreviouslyTold told(String... ids) {
        return (breach, recipient) -> Optional.of(new Notification(breach, "FIRING", recipient, 200, T0.plusSeconds(60), ids.length,
                List.of(ids)));
    }

    private static String withoutLinks(String text) {
        return text.replaceAll("https?://[^\\s|>\"]+", "");
    }

    @Test
    void theFiringSaysSoLinksTheBreachAndItsDossierAndGivesEachNoticeInEnglish() throws Exception {
        String slack = SlackMessage.ofNews(BreachNews.of(List.of(breach(Breach.State.FIRING, List.of(NO_61, NO_20))), "desk",
                PreviouslyTold.NOTHING, PAGE), PAGE);
        JsonNode message = Json.MAPPER.readTree(slack);
        assertTrue(message.path("text").asText().startsWith(":rotating_light: FIRING: Repeated measures"), message.path("text").asText());
        String body = message.path("blocks").toString();
        assertTrue(body.contains("In English:_ MOFCOM announcement 2026 No. 20: seven EU entities added to China's export-control control list"), body);
        assertTrue(body.contains("applying to all destinations"), body);
        assertTrue(body.contains(PAGE + "/breach.html?id=" + ID + "|open this breach"), body);
        assertTrue(body.contains(PAGE + "/api/dossiers?breach=" + ID + "&format=html|dossier"), body);
        assertFalse(withoutLinks(body).contains(ID), "no raw id: " + body);

        EmailMessage email = EmailMessage.ofNews(BreachNews.of(List.of(breach(Breach.State.FIRING, List.of(NO_61, NO_20))), "desk",
                PreviouslyTold.NOTHING, PAGE), PAGE, PAGE + "/subscriptions/unsubscribe?x");
        assertEquals("[Chokepoint] FIRING: Repeated measures by one actor against the EU or a member state — CN", email.subject());
        assertTrue(email.text().contains("In English: MOFCOM announcement 2025 No. 61: export controls on rare earths, applying to all destinations"));
        assertTrue(email.text().contains("Open this breach (its notices and sources): " + PAGE + "/breach.html?id=" + ID));
        assertFalse(withoutLinks(email.text()).contains(ID), email.text());
        assertFalse(withoutLinks(email.html()).contains(ID), email.html());
    }

    @Test
    void anUpdateSaysWhatIsNewSinceTheLastMessage() throws Exception {
        List<BreachNews> news = BreachNews.of(List.of(breach(Breach.State.FIRING, List.of(NO_61, NO_20))), "desk", told("mofcom-117"), PAGE);
        assertEquals(List.of("mofcom-27"), news.get(0).fresh().stream().map(Breach.IndicatorRef::id).toList());
        JsonNode message = Json.MAPPER.readTree(SlackMessage.ofNews(news, PAGE));
        assertTrue(message.path("text").asText().startsWith(":arrow_up: UPDATE: "), message.path("text").asText());
        String body = message.path("blocks").toString();
        assertTrue(body.contains("What is new since the last message* (2026-04-24 02:01 UTC): 1 new notice(s)"), body);
        int fresh = body.indexOf("*new:* <http://exportcontrol.mofcom.gov.cn/mofcom-27");
        assertTrue(fresh > 0, "the new notice is marked: " + body);
        assertTrue(fresh < body.indexOf("mofcom-117|"), "and comes first");

        EmailMessage email = EmailMessage.ofNews(news, PAGE, PAGE + "/u");
        assertEquals("[Chokepoint] UPDATE (1 new): Repeated measures by one actor against the EU or a member state — CN", email.subject());
        assertTrue(email.text().contains("What is new since the last message (2026-04-24 02:01 UTC): 1 new notice(s), marked NEW below."));
        assertTrue(email.text().contains("* NEW 商务部公告2026年第20号"), email.text());
    }

    @Test
    void theResolutionSaysResolvedInItsSubject() {
        EmailMessage email = EmailMessage.ofNews(BreachNews.of(List.of(breach(Breach.State.RESOLVED, List.of(NO_61, NO_20))), "desk",
                told("mofcom-117", "mofcom-27"), PAGE), PAGE, PAGE + "/u");
        assertEquals("[Chokepoint] RESOLVED: Repeated measures by one actor against the EU or a member state — CN", email.subject());
    }

    @Test
    void aWebhookBodyTellsThePhaseTheNewIndicatorsAndTheLinks() throws Exception {
        String body = new WebhookSender(null, java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC), PAGE, told("mofcom-117"))
                .body(new Recipient("s-1/c-1", "s-1", "c-1", chokepoint.records.Subscription.ChannelType.WEBHOOK,
                        "https://example.org/hook", "secret"), List.of(breach(Breach.State.FIRING, List.of(NO_61, NO_20))));
        JsonNode item = Json.MAPPER.readTree(body).path("breaches").get(0);
        assertEquals("UPDATE", item.path("phase").asText());
        assertEquals("[\"mofcom-27\"]", item.path("newIndicators").toString());
        assertEquals(PAGE + "/breach.html?id=" + ID, item.path("breachUrl").asText());
        assertEquals("MOFCOM announcement 2026 No. 20: seven EU entities added to China's export-control control list",
                item.path("indicators").get(1).path("gist").asText());
    }
}
