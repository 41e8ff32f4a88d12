package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays on the running pipeline: the same range through today's rules gives exactly the breaches that fired;
 * through changed rules the result differs exactly as the change implies; neither sends anything to Slack or
 * SMTP; limits answer 400 and 429; the replay leaves no topic behind.
 */
@Tag("integration")
@Timeout(300)
class ReplayTest extends SharedClusterTest {

    private static final String TOKEN = "replay-token-0123456789";

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final HttpClient http = HttpClient.newHttpClient();
    private String api;

    @Test
    void aReplayWithTodaysRulesFindsWhatFiredAndAChangedRuleDiffersExactlyAndNothingIsSent() throws Exception {
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver();
             ScriptedReceiver hook = new ScriptedReceiver()) {
            feed.serve(List.of(
                    new LocalFeedServer.Entry("r-1", "Commerce imposes new export licensing requirement on gallium and germanium items",
                            "https://example.gov/r-1", "The Bureau of Industry and Security imposes a license requirement for exports of gallium.",
                            "Fri, 20 Nov 2026 14:00:00 GMT"),
                    new LocalFeedServer.Entry("r-2", "United States imposes 25 percent tariffs on steel imports from the European Union",
                            "https://example.gov/r-2", "The President proclaimed additional duties on steel from the EU.",
                            "Fri, 20 Nov 2026 15:00:00 GMT"),
                    new LocalFeedServer.Entry("r-3", "MOFCOM announces export controls on rare earth processing technology",
                            "https://example.cn/r-3", "China imposes export control on rare earth technology.",
                            "Sat, 21 Nov 2026 09:00:00 GMT")));
            try (Pipeline pipeline = Pipeline.start(config(feed, slack, hook))) {
                api = "http://127.0.0.1:" + pipeline.httpPort() + "/api/replays";
                slack.awaitMessages(1, Duration.ofSeconds(120));
                assertTrue(mail.waitForIncomingEmail(30_000, 1), "the live breaches were mailed to the operator");
                // The replays below are compared with what fired live: both live breaches fired, and their delivery
                // settled (no Slack message or mail for 3 s) before the counts are taken.
                String bootstrap = pipeline.clients().bootstrapServers();
                await().alias("both live breaches fired").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> TopicDump.all(bootstrap, chokepoint.topics.Topics.BREACHES).stream()
                                .filter(e -> !e.getValue().ruleId().equals("source-health")).map(Map.Entry::getKey).distinct().count() >= 2);
                int[] seen = {-1, -1};
                await().alias("live deliveries settled").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60)).until(() -> {
                    int messages = slack.bodies().size();
                    int mails = mail.getReceivedMessages().length;
                    boolean still = messages == seen[0] && mails == seen[1];
                    seen[0] = messages;
                    seen[1] = mails;
                    return still;
                });
                int slackBefore = slack.bodies().size();
                int mailBefore = mail.getReceivedMessages().length;
                String live = String.join("\n", slack.bodies());
                assertTrue(live.contains("Breach export-controls|US") || live.contains("— US"), "live: export controls by US: " + live);

                HttpResponse<String> tooLong = post("{\"from\": \"2020-01-01\", \"to\": \"2026-12-01\"}");
                assertEquals(400, tooLong.statusCode());
                assertTrue(tooLong.body().contains("at most 400 days"), tooLong.body());
                HttpResponse<String> badRule = post("{\"from\": \"2026-11-01\", \"to\": \"2026-12-01\", \"rules\": \"- id: x\\n  window: soon\"}");
                assertEquals(400, badRule.statusCode());
                assertTrue(badRule.body().contains("rules[0].window"), badRule.body());

                HttpResponse<String> same = post("{\"from\": \"2026-11-01\", \"to\": \"2026-12-01\"}");
                assertEquals(202, same.statusCode(), same.body());
                HttpResponse<String> second = post("{\"from\": \"2026-11-01\", \"to\": \"2026-12-01\"}");
                assertEquals(429, second.statusCode(), "one replay per person at a time");
                assertTrue(second.headers().firstValue("Retry-After").isPresent());
                String sameResult = awaitDone(id(same.body()));
                assertTrue(sameResult.contains("\"itemsRead\":3"), sameResult);
                assertTrue(sameResult.contains("\"both\":2") && sameResult.contains("\"onlyReplay\":0") && sameResult.contains("\"onlyLive\":0"),
                        "today's rules reproduce exactly what fired: " + sameResult);
                assertTrue(sameResult.contains("\"changedCount\":0"), sameResult);

                String changedRules = """
                        - id: export-controls
                          name: Export controls by one actor, twice
                          measures: [EXPORT_CONTROL]
                          group-by: actor
                          window: 7d
                          threshold: 2
                        - id: tariffs-any
                          name: Any tariff
                          measures: [TARIFF]
                          group-by: actor
                          window: 7d
                          threshold: 1
                        """;
                HttpResponse<String> changed = post("{\"from\": \"2026-11-01\", \"to\": \"2026-12-01\", \"rules\": "
                        + chokepoint.records.Json.MAPPER.writeValueAsString(changedRules) + "}");
                assertEquals(202, changed.statusCode(), changed.body());
                String changedResult = awaitDone(id(changed.body()));
                assertTrue(changedResult.contains("\"both\":0") && changedResult.contains("\"onlyReplay\":1") && changedResult.contains("\"onlyLive\":2"),
                        changedResult);
                assertTrue(Pattern.compile("\"ruleId\":\"tariffs-any\",\"ruleName\":\"Any tariff\",\"groupKey\":\"US\"[^}]*\"inReplay\":true,\"inLive\":false")
                        .matcher(changedResult).find(), changedResult);
                assertTrue(Pattern.compile("\"ruleId\":\"export-controls\"[^}]*\"groupKey\":\"CN\"[^}]*\"inReplay\":false,\"inLive\":true")
                        .matcher(changedResult).find(), changedResult);

                // Only when asked, and through the subscription's filter: the changed replay's tariff breach (US on
                // the EU) goes to a subscription for the EU, not to one for Finland, and nowhere else. Neither
                // subscription can match a live breach: no live rule is called tariffs-any.
                {
                    HttpResponse<String> forFinland = call("POST", "/api/subscriptions", "{\"name\": \"finland\", \"filter\": "
                            + "{\"rules\": [\"tariffs-any\"], \"targets\": [\"FI\"]}, \"channels\": [{\"type\": \"webhook\", \"url\": \""
                            + hook.url("/finland") + "\"}]}");
                    assertEquals(201, forFinland.statusCode(), forFinland.body());
                    HttpResponse<String> notWanted = call("POST", "/api/replays/" + id(changed.body()) + "/redeliveries",
                            "{\"subscription\": \"" + id(forFinland.body()) + "\"}");
                    assertEquals(202, notWanted.statusCode(), notWanted.body());
                    assertTrue(notWanted.body().contains("\"breaches\":0"), notWanted.body());

                    HttpResponse<String> subscribed = call("POST", "/api/subscriptions", "{\"name\": \"replays\", \"filter\": "
                            + "{\"rules\": [\"tariffs-any\"], \"targets\": [\"EU\"]}, \"channels\": [{\"type\": \"webhook\", \"url\": \""
                            + hook.url("/replays") + "\"}]}");
                    assertEquals(201, subscribed.statusCode(), subscribed.body());
                    HttpResponse<String> redelivery = call("POST", "/api/replays/" + id(changed.body()) + "/redeliveries",
                            "{\"subscription\": \"" + id(subscribed.body()) + "\"}");
                    assertEquals(202, redelivery.statusCode(), redelivery.body());
                    List<ScriptedReceiver.Request> got = hook.await("/replays", r -> !r.isEmpty(), Duration.ofSeconds(30));
                    assertEquals(1, got.size());
                    assertTrue(got.get(0).body().contains("\"ruleId\":\"tariffs-any\""), got.get(0).body());
                    assertEquals(List.of(), hook.requests("/finland"), "the Finland subscription got nothing");
                }

                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertEquals(slackBefore, slack.bodies().size(), "no replay message reached Slack");
                    assertEquals(mailBefore, mail.getReceivedMessages().length, "nor the SMTP server");
                });
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                    List<String> left = admin.listTopics().names().get().stream().filter(t -> t.contains("chokepoint.replay.") || t.contains("-replay-")).toList();
                    assertEquals(List.of(), left, "a replay removes its topics");
                }
            }
        }
    }

    /**
     * A month's replay reports the breaches the year's replay reports for that month: windows open when the month
     * begins are warmed up with what came before. Sanctions on 28 October, 2 and 20 November 2025, a rule that fires
     * at one listing in 7 days: over the year it fires on 28 October (2 November folds into that breach) and on 20
     * November; over November alone, without the warm-up, it would also fire on 2 November.
     */
    @Test
    void aMonthsReplayFindsWhatTheYearsReplayFindsInThatMonth() throws Exception {
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver();
             ScriptedReceiver hook = new ScriptedReceiver()) {
            feed.serve(List.of(
                    new LocalFeedServer.Entry("w-1", "Treasury sanctions twelve entities supporting Russian military procurement",
                            "https://example.gov/w-1", "OFAC designated twelve entities and added them to the SDN List.",
                            "Tue, 28 Oct 2025 14:00:00 GMT"),
                    new LocalFeedServer.Entry("w-2", "Treasury sanctions shipping network evading oil price cap",
                            "https://example.gov/w-2", "OFAC added eight vessels and five companies to the SDN List.",
                            "Sun, 02 Nov 2025 14:00:00 GMT"),
                    new LocalFeedServer.Entry("w-3", "Treasury designates Iranian drone component suppliers",
                            "https://example.gov/w-3", "OFAC added six companies in Iran and China to the SDN List, blocking their property.",
                            "Thu, 20 Nov 2025 14:00:00 GMT")));
            try (Pipeline pipeline = Pipeline.start(config(feed, slack, hook))) {
                api = "http://127.0.0.1:" + pipeline.httpPort() + "/api/replays";
                awaitIndicators(pipeline, List.of("w-1", "w-2", "w-3"));
                String rules = chokepoint.records.Json.MAPPER.writeValueAsString("""
                        - id: sanctions-week
                          name: A sanctions listing in 7 days
                          measures: [SANCTION_LISTING]
                          group-by: actor
                          window: 7d
                          threshold: 1
                        """);
                String year = awaitDone(id(post("{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"rules\": " + rules + "}").body()));
                String month = awaitDone(id(post("{\"from\": \"2025-11-01\", \"to\": \"2025-12-01\", \"rules\": " + rules + "}").body()));
                List<String> overTheYear = firedAt(year);
                assertEquals(List.of("2025-10-28T14:00:00Z", "2025-11-20T14:00:00Z"), overTheYear, year);
                assertEquals(overTheYear.stream().filter(at -> at.startsWith("2025-11")).toList(), firedAt(month), month);
                assertTrue(month.contains("\"itemsRead\":2"), "the summary counts the month's items, not the warm-up: " + month);
            }
        }
    }

    private static List<String> firedAt(String result) {
        List<String> at = new java.util.ArrayList<>();
        java.util.regex.Matcher m = Pattern.compile("\"ruleId\":\"sanctions-week\"[^}]*?\"firedAt\":\"([^\"]+)\"").matcher(result);
        while (m.find()) {
            at.add(m.group(1));
        }
        return at.stream().distinct().sorted().toList();
    }

    private static void awaitIndicators(Pipeline pipeline, List<String> guids) {
        await().alias("indicators of " + guids + " classified").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> TopicDump.all(pipeline.clients(), chokepoint.topics.Topics.INDICATORS).stream()
                        .filter(e -> guids.stream().anyMatch(g -> e.getValue().url().endsWith("/" + g))).count() >= guids.size());
    }

    private ChokepointConfig config(LocalFeedServer feed, SlackReceiver slack, ScriptedReceiver hook) throws Exception {
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, """
                data-dir: ./data
                kafka:
                  bootstrap-servers: "%s"
                  partitions: 2
                  application-prefix: replay-test
                http:
                  port: 0
                ingest:
                  allowed-private: ["%s"]
                sources:
                  - id: replay-notices
                    kind: rss
                    url: %s
                    interval: 1s
                    baseline: false
                %s
                slack:
                  webhooks:
                    - name: test-channel
                      url: %s
                email:
                  recipients: [desk@example.org]
                  smtp:
                    host: 127.0.0.1
                    port: %d
                delivery:
                  group-wait: 100ms
                  allowed-private: ["%s", "%s"]
                auth:
                  tokens:
                    - owner: ana
                      token: %s
                """.formatted(cluster.bootstrapServers(), feed.hostPort(), feed.url(), TestConfigs.EXPORT_CONTROLS_RULE.strip(), slack.url(), mail.getSmtp().getPort(), slack.hostPort(), hook.hostPort(), TOKEN));
        return new ConfigLoader(Map.of()).load(file);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return call("POST", "/api/replays", body);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.replace("/api/replays", "") + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String awaitDone(String id) throws Exception {
        String body = await().alias("replay " + id + " done").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> http.send(HttpRequest.newBuilder(URI.create(api + "/" + id)).header("Authorization", "Bearer " + TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString()).body(),
                        b -> b.contains("\"state\":\"DONE\"") || b.contains("\"state\":\"FAILED\""));
        assertTrue(body.contains("\"state\":\"DONE\""), body);
        return body;
    }

    private static String id(String json) {
        Matcher matcher = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(json);
        assertTrue(matcher.find(), json);
        return matcher.group(1);
    }
}
