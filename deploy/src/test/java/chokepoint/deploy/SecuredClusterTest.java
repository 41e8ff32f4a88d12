package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.config.KafkaSettings;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.Breach;
import chokepoint.records.Item;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline on a cluster that takes clients only over TLS with SASL/SCRAM-SHA-512, as a managed Kafka does:
 * every producer, consumer, admin client and Streams application of ingest, classifier, thresholds, delivery and
 * the page connects through {@code kafka.client}, with the password from the environment, under a topic prefix of
 * its own. The broker has a plain listener too, for the test's own bookkeeping only (creating the SCRAM user,
 * listing topics): the pipeline is never told of it, so a client that ignored the settings could not connect.
 */
@Tag("integration")
@Timeout(240)
class SecuredClusterTest {

    private static final String USER = "chokepoint-app";
    private static final String PASSWORD = "scram-secret-2b7e151628aed2a6";
    private static final String STORE_PASSWORD = "store-secret-9f86d081884c";

    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static int plainPort;
    static int securedPort;
    static Path truststore;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        Path keystore = dir.resolve("broker.p12");
        truststore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        Path certificate = dir.resolve("broker.crt");
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
                "-rfc", "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", STORE_PASSWORD);

        plainPort = TestConfigs.freePort();
        securedPort = TestConfigs.freePort();
        Properties props = EmbeddedKafka.properties(dir.resolve("kafka/logs"), plainPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",CONTROLLER://127.0.0.1:" + (plainPort + 1)
                + ",EXTERNAL://127.0.0.1:" + securedPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",EXTERNAL://127.0.0.1:" + securedPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:SASL_SSL");
        props.put("listener.name.external.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        props.put("listener.name.external.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put("listener.name.external.ssl.keystore.location", keystore.toString());
        props.put("listener.name.external.ssl.keystore.type", "PKCS12");
        props.put("listener.name.external.ssl.keystore.password", STORE_PASSWORD);
        props.put("listener.name.external.ssl.key.password", STORE_PASSWORD);
        broker = EmbeddedKafka.startWith(dir.resolve("kafka"), plainPort, props);
        try (Admin admin = plainAdmin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        Topics.usePrefix(KafkaSettings.DEFAULT_TOPIC_PREFIX);
        if (broker != null) {
            broker.close();
        }
    }

    private static Admin plainAdmin() {
        return KafkaClients.of("127.0.0.1:" + plainPort).admin();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "keytool " + String.join(" ", args) + ": " + output);
    }

    private static Map<String, String> securedSettings(String password) {
        return Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + USER + "\" password=\"" + password + "\";",
                "ssl.truststore.location", truststore.toString(), "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", STORE_PASSWORD);
    }

    @Test
    void aClientWithTheWrongPasswordIsRefused() {
        try (Admin admin = KafkaClients.of("127.0.0.1:" + securedPort, securedSettings("not-the-password")).admin()) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
        }
    }

    @Test
    void theWholePipelineRunsOnTheSecuredListenerUnderItsOwnTopicPrefix(@TempDir Path work) throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver()) {
            feed.serve(List.of(new LocalFeedServer.Entry("fr-2026-22222", PipelineEndToEndTest.EXPORT_TITLE,
                    PipelineEndToEndTest.EXPORT_LINK, "The Bureau of Industry and Security imposes a license requirement "
                    + "for exports of gallium.", "Fri, 20 Nov 2026 14:00:00 GMT")));
            Path file = work.resolve("chokepoint.yml");
            Files.writeString(file, """
                    data-dir: ./data
                    kafka:
                      bootstrap-servers: "127.0.0.1:%d"
                      partitions: 2
                      application-prefix: secured
                      topic-prefix: "tenant-a."
                      client:
                        security.protocol: SASL_SSL
                        sasl.mechanism: SCRAM-SHA-512
                        ssl.truststore.location: "%s"
                        ssl.truststore.type: PKCS12
                        ssl.truststore.password: "${TRUSTSTORE_PASSWORD}"
                    http:
                      port: 0
                    ingest:
                      allowed-private: ["%s"]
                    sources:
                      - id: secured-notices
                        kind: rss
                        url: %s
                        interval: 1s
                        baseline: false
                    %s
                    slack:
                      webhooks:
                        - name: test-channel
                          url: %s
                    delivery:
                      group-wait: 200ms
                      allowed-private: ["%s"]
                    """.formatted(securedPort, truststore, feed.hostPort(), feed.url(), TestConfigs.EXPORT_CONTROLS_RULE.strip(), slack.url(), slack.hostPort()));
            // The secrets come from the environment, as a container's would: one through a placeholder in the file,
            // the JAAS line (with the password) as a KAFKA_CLIENT_ variable the file does not mention.
            ChokepointConfig config = new ConfigLoader(Map.of("TRUSTSTORE_PASSWORD", STORE_PASSWORD,
                    "KAFKA_CLIENT_SASL_JAAS_CONFIG", securedSettings(PASSWORD).get("sasl.jaas.config"))).load(file);
            assertEquals("SASL_SSL", config.kafka().client().get("security.protocol"));
            assertFalse(config.kafka().toString().contains(PASSWORD), config.kafka().toString());

            try (Pipeline pipeline = Pipeline.start(config)) {
                List<String> messages = slack.awaitMessages(1, Duration.ofSeconds(120));
                assertTrue(messages.get(0).contains(PipelineEndToEndTest.EXPORT_TITLE), messages.get(0));

                KafkaClients clients = pipeline.clients();
                List<Map.Entry<String, Item>> items = TopicDump.all(clients, Topics.ITEMS);
                assertEquals(1, items.size(), "published once: " + items);
                List<Map.Entry<String, Breach>> breaches = TopicDump.all(clients, Topics.BREACHES).stream()
                        .filter(b -> b.getValue().ruleId().equals("export-controls")).toList();
                assertEquals(1, breaches.size(), "one breach: " + breaches);

                String page = new String(java.net.URI.create("http://127.0.0.1:" + pipeline.httpPort() + "/api/indicators")
                        .toURL().openStream().readAllBytes());
                assertTrue(page.contains("gallium"), "the page's API reads the secured cluster: " + page);
            }
            try (Admin admin = plainAdmin()) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertTrue(topics.contains("tenant-a.items") && topics.contains("tenant-a.breaches"), topics.toString());
                assertTrue(topics.stream().noneMatch(t -> t.startsWith("chokepoint.")), "no topic outside the prefix: " + topics);
            }
        } finally {
            root.detachAppender(logs);
            Topics.usePrefix(KafkaSettings.DEFAULT_TOPIC_PREFIX);
        }
        List<String> leaked = logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains(PASSWORD) || m.contains(STORE_PASSWORD)).toList();
        assertEquals(List.of(), leaked, "no secret in any log line");
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("using Kafka at 127.0.0.1:" + securedPort)),
                "the start-up line names the cluster");
    }
}
