package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.records.Breach;
import chokepoint.records.Indicator;
import chokepoint.records.Json;
import chokepoint.records.Stage;
import chokepoint.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An analyst corrects an indicator through the API: the classifier re-emits it under the same key, corrected with the
 * token owner's name, the page's API shows it corrected, and the threshold breach it counted in counts it no longer.
 * The two stories are real news items of the corpus (news:00a4da1625f5, news:eccba701d8c7: China's export bans on
 * gallium, germanium and antimony, and on rare-earth processing technology), served as today's news.
 */
@Timeout(240)
class CorrectionEndToEndTest extends SharedClusterTest {

    static final String GALLIUM = "China bans exports to US of gallium, germanium, antimony in response to chip sanctions";
    static final String GALLIUM_TEXT = "BANGKOK (AP) — China announced Tuesday it is banning exports to the United States of "
            + "gallium, germanium, antimony and other key high-tech materials with potential military applications. The Chinese "
            + "Commerce Ministry announced the move after the Washington expanded its list of Chinese companies subject to export "
            + "controls on computer chip-making equipment, software and high-bandwidth memory chips.";
    static final String RARE_EARTHS = "China bans export of rare earth processing technology, citing national security";
    static final String RARE_EARTHS_TEXT = "China, the world’s top processor of rare earths, on Dec 21 banned the export of "
            + "technology to extract and separate the strategic metals, in a further step towards protecting its dominance in "
            + "several strategic metals.";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aCorrectionMadeThroughTheApiReplacesTheIndicatorAndChangesABreachsCount() throws Exception {
        String now = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().minus(Duration.ofHours(2)).atZone(ZoneOffset.UTC));
        String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().minus(Duration.ofHours(1)).atZone(ZoneOffset.UTC));
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver()) {
            feed.serve(List.of(
                    new LocalFeedServer.Entry("gallium", GALLIUM, "https://www.ajc.com/news/nation-world/china-bans-exports-of-gallium-and-other-key-high-tech-materials-hitting-back-at-us-chip-sanctions/G4PEB5PLRVB5ZNUUDLVATK6RZM/",
                            GALLIUM_TEXT, now),
                    new LocalFeedServer.Entry("rare-earths", RARE_EARTHS, "https://nationthailand.com/world/china/40034073",
                            RARE_EARTHS_TEXT, later)));
            ChokepointConfig config = TestConfigs.pipeline(dir, cluster.bootstrapServers(), 0, feed, slack);
            try (Pipeline pipeline = Pipeline.start(config)) {
                String base = "http://127.0.0.1:" + pipeline.httpPort();
                String bootstrap = pipeline.clients().bootstrapServers();
                // Both stories count in China's export-control breach.
                assertTrue(AdminApi.eventually(Duration.ofSeconds(120), () -> latestBreach(bootstrap)
                        .filter(b -> b.count() == 2).isPresent()), "a breach counting both stories: " + latestBreach(bootstrap));
                Breach before = latestBreach(bootstrap).orElseThrow();
                assertEquals("CN", before.groupKey());

                JsonNode rareEarths = indicator(base, RARE_EARTHS).orElseThrow();
                String id = rareEarths.path("id").asText();
                assertEquals(401, post(base + "/api/indicators/" + id + "/correction", null,
                        "{\"measure\": \"NONE\"}").statusCode(), "no token, no correction");
                HttpResponse<String> refused = post(base + "/api/indicators/" + id + "/correction", TestConfigs.ADMIN_TOKEN,
                        "{\"measure\": \"EXPORT_CONTROLS\"}");
                assertEquals(400, refused.statusCode());
                assertTrue(refused.body().contains("measure: 'EXPORT_CONTROLS' is not one of"), refused.body());

                // The analyst: a ban on technology exports announced earlier, reported again; not a new measure today.
                HttpResponse<String> made = post(base + "/api/indicators/" + id + "/correction", TestConfigs.ADMIN_TOKEN,
                        "{\"measure\": \"EXPORT_CONTROL\", \"stage\": \"PROCEDURAL\", \"actor\": \"CN\", \"targets\": [],"
                                + " \"note\": \"a report of an earlier ban\"}");
                assertEquals(200, made.statusCode(), made.body());

                // Replaced under its key, marked with who and when.
                assertTrue(AdminApi.eventually(Duration.ofSeconds(60), () -> indicator(base, RARE_EARTHS)
                        .filter(i -> i.path("correction").path("by").asText().equals("ops")).isPresent()));
                JsonNode corrected = indicator(base, RARE_EARTHS).orElseThrow();
                assertEquals(id, corrected.path("id").asText());
                assertEquals("PROCEDURAL", corrected.path("stage").asText());
                assertTrue(AdminApi.send("GET", base + "/api/corrections", null, null).body().contains(id));
                List<Indicator> onTopic = TopicDump.all(bootstrap, Topics.INDICATORS).stream()
                        .filter(e -> e.getKey().equals(id)).map(Map.Entry::getValue).toList();
                Indicator last = onTopic.get(onTopic.size() - 1);
                assertEquals(Stage.PROCEDURAL, last.stage());
                assertEquals("ops", last.correction().by());

                // The breach counts the corrected story no more (the threshold processor takes a replaced indicator
                // that no longer matches the rule out of its window).
                assertTrue(AdminApi.eventually(Duration.ofSeconds(60), () -> latestBreach(bootstrap)
                                .filter(b -> b.id().equals(before.id()) && b.count() == 1).isPresent()),
                        "the breach counts one story now: " + latestBreach(bootstrap));
            }
        }
    }

    /** The newest state of the export-control breach of this test's stories. */
    private static Optional<Breach> latestBreach(String bootstrap) throws Exception {
        return TopicDump.all(bootstrap, Topics.BREACHES).stream().map(Map.Entry::getValue)
                .filter(b -> b.ruleId().equals("export-controls"))
                .filter(b -> b.indicators().stream().anyMatch(i -> GALLIUM.equals(i.title()) || RARE_EARTHS.equals(i.title())))
                .reduce((first, second) -> second);
    }

    private static Optional<JsonNode> indicator(String base, String title) throws Exception {
        JsonNode all = Json.MAPPER.readTree(AdminApi.send("GET", base + "/api/indicators?all=true&limit=500", null, null).body());
        for (JsonNode i : all) {   // newest first: the latest version of each indicator comes first
            if (title.equals(i.path("title").asText())) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static HttpResponse<String> post(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
