package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.records.Indicator;
import chokepoint.records.Json;
import chokepoint.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The measure register on a real cluster, as a user meets it: MOFCOM's notices on a feed, announcement No. 61
 * suspended by No. 70 until 10 November 2026, a date the wall clock has passed; the register shows it in force again,
 * a rule about that date fires, and the dossier of China's measures holds the same facts in JSON, CSV, on its page
 * and from the command line.
 */
@Tag("integration")
@Timeout(240)
class MeasureRegisterEndToEndTest extends SharedClusterTest {

    private static final String NO_61 = "cn:mofcom:2025-61";

    @Test
    void aSuspensionWhoseEndHasPassedShowsTheMeasureInForceAgainAndTheDossierTellsItsLife() throws Exception {
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver()) {
            feed.serve(List.of(
                    new LocalFeedServer.Entry("no61", "商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定",
                            "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_61.html",
                            "为维护国家安全和利益，决定对境外相关稀土物项实施出口管制。本公告自2025年12月1日起正式实施。",
                            "Thu, 09 Oct 2025 03:00:00 GMT"),
                    new LocalFeedServer.Entry("no70", "商务部公告2025年第70号 关于暂停实施商务部公告2025年第61号的公告",
                            "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_70.html",
                            "现决定，暂停实施商务部公告2025年第61号，暂停实施至2026年11月10日。",
                            "Fri, 07 Nov 2025 09:00:00 GMT"),
                    new LocalFeedServer.Entry("no20", "商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单",
                            "https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/art_20.html",
                            "将7家欧盟实体列入出口管制管控名单。本公告自公布之日起正式实施。", "Sun, 26 Apr 2026 02:00:00 GMT")));
            ChokepointConfig base = TestConfigs.pipeline(dir, cluster.bootstrapServers(), 0, feed, slack);
            Path file = dir.resolve("chokepoint.yml");
            Files.writeString(file, Files.readString(file)
                    .replace("application-prefix: test", "application-prefix: register-test")
                    .replace("rules:\n", """
                            rules:
                              - id: suspended-controls-back
                                name: A suspended export control applies again
                                lifecycle: [suspension-ends]
                                measures: [EXPORT_CONTROL]
                                window: 30d
                                threshold: 1
                            """));
            ChokepointConfig config = new ConfigLoader(Map.of()).load(file);
            assertEquals(base.sources(), config.sources());

            try (Pipeline pipeline = Pipeline.start(config)) {
                String api = "http://127.0.0.1:" + pipeline.httpPort();
                // The wall clock is past the suspension's end: within a tick of the register's clock it ends.
                // In force once its suspension has ended: before No. 70 is registered, No. 61 alone is in force too
                // (its start has passed), and a loaded machine leaves that moment long enough to be seen.
                JsonNode measure = await().alias("the register shows " + NO_61 + " IN_FORCE after its suspension")
                        .atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() -> {
                            HttpResponse<String> response = send(api + "/api/measures/" + URLEncoder.encode(NO_61, StandardCharsets.UTF_8));
                            return response.statusCode() == 200 ? Json.MAPPER.readTree(response.body()) : null;
                        }, m -> m != null && m.path("status").asText().equals("IN_FORCE")
                                && m.path("life").findValuesAsText("step").contains("suspension-ends"));
                assertTrue(measure != null && measure.path("status").asText().equals("IN_FORCE"), "the register: " + measure);
                List<String> steps = new ArrayList<>();
                measure.path("life").forEach(step -> steps.add(step.path("step").asText()));
                assertEquals(List.of("adopted", "suspended", "suspension-ends"), steps);
                assertEquals("cn:mofcom:2025-70", measure.path("life").get(1).path("byAct").asText());
                assertEquals("2026-11-10", measure.path("life").get(1).path("until").asText());
                assertEquals("2026-11-10T16:00:00Z", measure.path("life").get(2).path("at").asText());

                String againstEu = get(api + "/api/measures?target=EU");
                assertTrue(againstEu.contains("cn:mofcom:2026-20"), againstEu);
                assertTrue(againstEu.contains(NO_61), "No. 61 names no destination: it applies to all, the EU too: " + againstEu);
                assertTrue(get(api + "/api/measures?status=in_force&actor=CN").contains(NO_61));
                assertEquals(404, send(api + "/api/measures/cn%3Amofcom%3A1999-1").statusCode());
                assertTrue(get(api + "/measures.html").contains("measures.js"), "the register page is served");

                // The date reached is news, once, and the rule about it fires and is delivered.
                List<Indicator> ends = TopicDump.all(pipeline.clients().bootstrapServers(), Topics.INDICATORS).stream()
                        .map(Map.Entry::getValue).filter(i -> "suspension-ends".equals(i.lifecycle())).toList();
                assertEquals(1, ends.size(), "published once: " + ends);
                await().alias("a Slack message: A suspended export control applies again").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> slack.bodies().stream().anyMatch(b -> b.contains("A suspended export control applies again")));
                assertTrue(slack.bodies().stream().anyMatch(b -> b.contains("A suspended export control applies again")
                        && b.contains("Suspension ended")), "delivered: " + slack.bodies());

                String range = "actor=CN&from=2025-01-01T00:00:00Z&to=2026-12-31T00:00:00Z";
                JsonNode json = Json.MAPPER.readTree(get(api + "/api/dossiers?" + range));
                String csv = get(api + "/api/dossiers?" + range + "&format=csv");
                HttpResponse<String> page = send(api + "/api/dossiers?" + range + "&format=html");
                assertEquals(200, page.statusCode());
                assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("'sha256-"),
                        "the page's own style is allowed by its hash, nothing else inline");
                List<String> ids = new ArrayList<>();
                json.path("measures").forEach(m -> ids.add(m.path("id").asText()));
                assertTrue(ids.contains(NO_61) && ids.contains("cn:mofcom:2026-20"), ids.toString());
                for (String id : ids) {
                    assertTrue(csv.contains("\"measure\",\"" + id + "\""), id + " in the CSV");
                    assertTrue(page.body().contains("data-fact=\"measure:" + id + "\""), id + " on the page");
                }
                json.path("indicators").forEach(i -> {
                    assertTrue(csv.contains("\"indicator\",\"" + i.path("id").asText() + "\""), i.toString());
                    assertTrue(page.body().contains("data-fact=\"indicator:" + i.path("id").asText() + "\""), i.toString());
                });
                assertTrue(csv.contains("\"step\",\"" + NO_61 + "|suspension-ends|2026-11-10T16:00:00Z\""), csv);

                // The same dossier from the command line, reading the cluster itself.
                Path out = dir.resolve("dossier.json");
                int exit = new CommandLine(new Chokepoint()).execute("dossier", "--config", file.toString(), "--actor", "CN",
                        "--from", "2025-01-01", "--to", "2026-12-31", "--format", "json", "-o", out.toString());
                assertEquals(0, exit);
                JsonNode fromCli = Json.MAPPER.readTree(Files.readString(out));
                assertEquals(json.path("measures"), fromCli.path("measures"));
                assertEquals(json.path("indicators").size(), fromCli.path("indicators").size());
            }
        }
    }

    private static HttpResponse<String> send(String url) throws Exception {
        // Dossiers need a token (dossiers.public is false); the register's other pages do not mind one.
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TestConfigs.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = send(url);
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return response.body();
    }
}
