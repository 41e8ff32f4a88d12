package chokepoint.deploy;

import chokepoint.kafka.KafkaClients;
import chokepoint.alerts.delivery.DeliveryService;
import chokepoint.alerts.delivery.HttpPoster;
import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.control.ControlTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import chokepoint.alerts.subscriptions.SubscriptionForm;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.records.Breach;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.records.Subscription;
import chokepoint.run.RunningLoops;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Delivery on a real cluster without the rest of the pipeline: topics, a subscription book, subscriptions made
 * through the same form the API uses, breaches produced straight onto {@code chokepoint.breaches}, and delivery
 * services started and stopped at will.
 */
final class DeliveryFixture implements AutoCloseable {

    final String bootstrapServers;
    final Path configFile;
    final ChokepointConfig config;
    final SecretBox box;
    final SubscriptionBook book;
    private final KafkaStreams changes;
    private final KafkaProducer<String, Breach> producer;

    /** @param receiver the loopback receiver the tests deliver to: allowed, as an operator allows an internal one */
    DeliveryFixture(String bootstrapServers, Path dir, ScriptedReceiver receiver) throws Exception {
        this(bootstrapServers, dir, receiver, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    /**
     * @param timeout       how long one request may take (a receiver that answers after a minute needs more than that)
     * @param groupInterval least time between two messages about one breach to one recipient
     */
    DeliveryFixture(String bootstrapServers, Path dir, ScriptedReceiver receiver, Duration timeout, Duration groupInterval)
            throws Exception {
        this.bootstrapServers = bootstrapServers;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        box = new SecretBox(key);
        Path file = dir.resolve("chokepoint.yml");
        // http.port 0: a delivery process started from this file (kill -9 tests) serves health on a free port.
        Files.writeString(file, """
                data-dir: ./data
                kafka:
                  bootstrap-servers: "%s"
                  partitions: 3
                  application-prefix: delivery-test
                http:
                  port: 0
                  public-url: http://localhost:8080
                delivery:
                  group-wait: 1s
                  group-interval: %dms
                  give-up-after: 20s
                  timeout: %dms
                  slack-pace: 1s
                  allowed-private: ["%s"]
                  secret-key: "%s"
                """.formatted(bootstrapServers, groupInterval.toMillis(), timeout.toMillis(), receiver.hostPort(),
                java.util.Base64.getEncoder().encodeToString(key)));
        configFile = file;
        config = new ConfigLoader(Map.of()).load(file);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicSetup.ensure(admin, 3, (short) 1);
        }
        // The one writer of subscriptions (and rules), as the control application runs it; under its own application id,
        // so that a delivery process started beside it (which runs the control application too) shares its work.
        Properties streamsProps = new Properties();
        streamsProps.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationPrefix() + "-control");
        streamsProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        streamsProps.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        streamsProps.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        streamsProps.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
        streamsProps.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        changes = new KafkaStreams(ControlTopology.build(), streamsProps);
        changes.start();
        book = new SubscriptionBook(KafkaClients.of(bootstrapServers), new RunningLoops());
        book.awaitLoaded(Duration.ofSeconds(30));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, Topics.BREACHES.keySerde().serializer(), Topics.BREACHES.valueSerde().serializer());
    }

    /** A subscription written as JSON to the API would be, stored in the book. */
    Subscription subscribe(String owner, String json) throws SubscriptionForm.Invalid {
        Subscription subscription = new SubscriptionForm(box, config.email().enabled(),
                HttpPoster.refusals(config.delivery())).build(SubscriptionForm.read(json),
                SubscriptionForm.newId(), owner, Optional.empty(), Instant.now()).subscription();
        return book.create(subscription, owner);
    }

    /** A webhook subscription of {@code owner} to the breaches of {@code rule}, named {@code name}. */
    Subscription subscribeWebhook(String owner, String name, String rule, String url) throws SubscriptionForm.Invalid {
        return subscribe(owner, "{\"name\": \"" + name + "\", \"filter\": {\"rules\": [\"" + rule + "\"]}, \"channels\": "
                + "[{\"type\": \"webhook\", \"url\": \"" + url + "\"}]}");
    }

    /** The outbox partition (of the fixture's three) that holds the messages to webhook {@code url}. */
    static int outboxPartition(String url) {
        byte[] key = chokepoint.alerts.delivery.Recipients.receiver(Subscription.ChannelType.WEBHOOK, url)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key)) % 3;
    }

    DeliveryService startDelivery(DeliveryService.AfterAccepted afterAccepted) {
        return new DeliveryService(KafkaClients.of(bootstrapServers), config, book, box,
                new SubscriptionLinks(config.http().publicUrl(), box), Clock.systemUTC(), afterAccepted);
    }

    DeliveryService startDelivery() {
        return startDelivery((recipient, breaches) -> {
        });
    }

    void fire(Breach... breaches) throws Exception {
        for (Breach breach : breaches) {
            producer.send(new ProducerRecord<>(Topics.BREACHES.name(), breach.id(), breach)).get();
        }
    }

    static Breach breach(String id, String ruleId, String actor, String title) {
        Instant at = Instant.parse("2026-11-20T14:00:00Z");
        Breach.IndicatorRef ref = new Breach.IndicatorRef("ind-" + id, title, "https://www.federalregister.gov/d/" + id,
                "us-fr-bis", Measure.EXPORT_CONTROL, Stage.IMPOSED, actor, List.of("EU"), List.of("rare-earths"), 7,
                "imposes a license requirement", at);
        return new Breach(id, ruleId, "Export controls on a chokepoint sector", "count", actor, actor, List.of("EU"),
                List.of("rare-earths"), Breach.State.FIRING, 1, 1, 1, "P7D", at, at, List.of(ref),
                List.of(new Breach.Criterion("intensity", "1 indicator in 7 days")), List.of("export restrictions (Annex I (f))"),
                List.of());
    }

    /** How many times each breach id appears in the bodies. */
    static long mentions(List<String> bodies, String breachId) {
        // A webhook body carries the id; a Slack message links the breach's page (messages show no raw id).
        String link = "?id=" + chokepoint.records.BreachIds.inLink(breachId) + "|";
        return bodies.stream().filter(b -> b.contains("\"" + breachId + "\"") || b.contains(link)).count();
    }

    @Override
    public void close() {
        producer.close();
        book.close();
        changes.close(Duration.ofSeconds(10));
    }
}
