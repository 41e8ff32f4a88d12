package chokepoint.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theShippedFileLoadsAndIsValid() {
        ChokepointConfig config = new ConfigLoader(Map.of()).load(Path.of("../chokepoint.yml"));
        assertTrue(config.kafka().embedded());
        assertFalse(config.sources().isEmpty());
        assertFalse(config.rules().isEmpty());
        assertEquals(8080, config.http().port());
        assertTrue(config.dataDir().isAbsolute());
    }

    @Test
    void fileOverlaysDefaultsAndReadsShortDurations() throws IOException {
        Path file = write("""
                kafka:
                  partitions: 6
                sources:
                  - id: feed-a
                    kind: rss
                    url: https://example.org/feed.xml
                    interval: 15m
                """);
        ChokepointConfig config = new ConfigLoader(Map.of()).load(file);
        assertEquals(6, config.kafka().partitions());
        assertEquals(9092, config.kafka().embeddedPort(), "unset keys keep their defaults");
        assertEquals(Duration.ofMinutes(15), config.sources().get(0).interval());
        assertEquals(dir.resolve("data"), config.dataDir(), "data-dir is relative to the file");
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Path file = write("kafka:\n  bootstrap-servers: \"\"\nslack:\n  webhooks:\n    - name: team\n      url: ${TEAM_HOOK}\n");
        ChokepointConfig config = new ConfigLoader(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker1:9092,broker2:9092",
                "CHOKEPOINT_HTTP_PORT", "9999",
                "TEAM_HOOK", "https://hooks.example/T1",
                "SLACK_WEBHOOK_URL", "https://hooks.example/T2")).load(file);
        assertFalse(config.kafka().embedded());
        assertEquals("broker1:9092,broker2:9092", config.kafka().bootstrapServers());
        assertEquals(9999, config.http().port());
        assertEquals(2, config.slack().webhooks().size());
        assertEquals("https://hooks.example/T1", config.slack().webhooks().get(0).url());
        assertEquals("https://hooks.example/T2", config.slack().webhooks().get(1).url());
    }

    @Test
    void everyBadFieldIsNamedAndSecretsAreNotRepeated() throws IOException {
        Path file = write("""
                sources:
                  - id: Bad Id
                    kind: gopher
                    url: file:///etc/passwd
                    interval: 15m
                rules:
                  - id: r1
                    name: x
                    measures: [EXPORT_CONTROLS]
                    window: 7d
                    threshold: 0
                slack:
                  webhooks:
                    - name: team
                      url: not-a-url-secret-token
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        String message = e.getMessage();
        assertTrue(message.contains("sources[0].id"), message);
        assertTrue(message.contains("sources[0].kind"), message);
        assertTrue(message.contains("sources[0].url"), message);
        assertTrue(message.contains("rules[0].measures: unknown measure 'EXPORT_CONTROLS'"), message);
        assertTrue(message.contains("rules[0].threshold"), message);
        assertTrue(message.contains("slack.webhooks[0].url"), message);
        assertFalse(message.contains("secret-token"), message);
    }

    @Test
    void htmlSourcesNeedValidSelectors() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write(
                "sources:\n  - id: cn-mofcom\n    kind: html\n    url: https://www.mofcom.gov.cn/zwgk/zcfb/index.html\n"
                        + "    interval: 30m\n    selectors:\n      links: \"ul.txtList_01 li a\"\n      title: \"h1[[\"\n")));
        assertTrue(e.getMessage().contains("sources[0].selectors.body: required"), e.getMessage());
        assertTrue(e.getMessage().contains("sources[0].selectors.title: not a CSS selector"), e.getMessage());
    }

    @Test
    void aFeedsDateFromLinkNeedsGroups() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write(
                "sources:\n  - id: eu-council-press\n    kind: rss\n    url: https://www.consilium.europa.eu/en/rss/pressreleases.ashx\n"
                        + "    interval: 30m\n    date-from-link: \"/press-releases/\\\\d{4}/\"\n")));
        assertTrue(e.getMessage().contains("sources[0].date-from-link: needs groups"), e.getMessage());
        ChokepointConfig ok = new ConfigLoader(Map.of()).load(write(
                "sources:\n  - id: eu-council-press\n    kind: rss\n    url: https://www.consilium.europa.eu/en/rss/pressreleases.ashx\n"
                        + "    interval: 30m\n    date-from-link: \"/press-releases/(\\\\d{4})/(\\\\d{2})/(\\\\d{2})/\"\n"));
        assertEquals("/press-releases/(\\d{4})/(\\d{2})/(\\d{2})/", ok.sources().get(0).dateFromLink());
    }

    @Test
    void unknownSettingAndBadDurationAreNamed() throws IOException {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(write("kafka:\n  bootstrap: x\n")));
        assertTrue(unknown.getMessage().contains("kafka.bootstrap: unknown setting 'bootstrap'"), unknown.getMessage());
        ConfigException duration = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write(
                "sources:\n  - id: a\n    kind: rss\n    url: https://x.org/\n    interval: soon\n")));
        assertTrue(duration.getMessage().contains("sources[0].interval"), duration.getMessage());
    }

    @Test
    void kafkaClientSettingsComeFromTheFileAndTheEnvironmentAndAreMaskedWhenShown() throws IOException {
        Path file = write("""
                kafka:
                  bootstrap-servers: "broker1:9093"
                  topic-prefix: "newsroom."
                  client:
                    security.protocol: SASL_SSL
                    ssl.truststore.password: "${TRUSTSTORE_PASSWORD}"
                """);
        ChokepointConfig config = new ConfigLoader(Map.of("TRUSTSTORE_PASSWORD", "store-secret",
                "KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_CLIENT_SASL_JAAS_CONFIG", "ScramLoginModule required username=\"u\" password=\"jaas-secret\";")).load(file);
        assertEquals(Map.of("security.protocol", "SASL_SSL", "ssl.truststore.password", "store-secret",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"jaas-secret\";"), config.kafka().client());
        assertEquals("newsroom.", config.kafka().topicPrefix());
        java.util.Properties props = config.kafka().clients().properties();
        assertEquals("broker1:9093", props.get("bootstrap.servers"));
        assertEquals("SASL_SSL", props.get("security.protocol"));
        for (String shown : java.util.List.of(config.kafka().toString(), config.kafka().clients().toString())) {
            assertFalse(shown.contains("store-secret") || shown.contains("jaas-secret"), shown);
            assertTrue(shown.contains("security.protocol=SASL_SSL"), shown);
        }
    }

    @Test
    void kafkaClientSettingsNeedAClusterAndAValidPrefix() throws IOException {
        ConfigException embedded = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write(
                "kafka:\n  client:\n    security.protocol: SSL\n")));
        assertTrue(embedded.getMessage().contains("kafka.client: settings for a cluster"), embedded.getMessage());
        ConfigException unset = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(write(
                "kafka:\n  bootstrap-servers: b:9092\n  topic-prefix: \"a b/\"\n  client:\n    sasl.jaas.config: \"${UNSET}\"\n")));
        assertTrue(unset.getMessage().contains("kafka.client.sasl.jaas.config: empty"), unset.getMessage());
        assertTrue(unset.getMessage().contains("kafka.topic-prefix"), unset.getMessage());
    }

    @Test
    void aRuleAsTheApiListsItReadsBackAndWordsOutsideTheVocabularyAreRefusedWithSuggestions() {
        ConfigLoader loader = new ConfigLoader(Map.of());
        ThresholdRule rule = loader.readRule("""
                {"id": "r", "name": "R", "kind": "count", "sourceKinds": ["rss"], "groupBy": "actor-target",
                 "minSeverity": 3, "window": "PT168H", "threshold": 2, "targets": ["EU"]}
                """);
        assertEquals(List.of("rss"), rule.sourceKinds());
        assertEquals("actor-target", rule.groupBy());
        assertEquals(3, rule.minSeverity());
        assertEquals(Duration.ofDays(7), rule.window());
        assertEquals(rule, loader.readRule(chokepoint.records.Json.MAPPER.valueToTree(rule).toString()), "GET then PUT");
        ConfigException refused = assertThrows(ConfigException.class, () -> loader.readRule("""
                id: r
                name: R
                actors: [China]
                sectors: [rare-earth]
                source-kinds: [rrs]
                measures: [EXPORT_CONTROLS]
                window: 7d
                threshold: 1
                """));
        String problems = refused.problems().toString();
        assertTrue(problems.contains("rule.actors: unknown jurisdiction 'China', did you mean 'CN'?"), problems);
        assertTrue(problems.contains("rule.sectors: unknown sector 'rare-earth', did you mean 'rare-earths'?"), problems);
        assertTrue(problems.contains("rule.source-kinds: unknown source kind 'rrs', did you mean 'rss'?"), problems);
        assertTrue(problems.contains("rule.measures: unknown measure 'EXPORT_CONTROLS', did you mean 'EXPORT_CONTROL'?"), problems);
    }

    /** What GET /api/rules writes (the records' JSON, as ApiResponses does) is what PUT /api/rules/{id} reads. */
    @Test
    void everyShippedRuleRoundTripsFromGetToPut() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of());
        List<ThresholdRule> shipped = loader.load(Path.of("../chokepoint.yml")).rules();
        assertFalse(shipped.isEmpty());
        for (ThresholdRule rule : shipped) {
            assertEquals(rule, loader.readRule(chokepoint.records.Json.MAPPER.writeValueAsString(rule)), rule.id());
        }
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
