package chokepoint.alerts.replay;

import chokepoint.alerts.threshold.ThresholdTopology;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ThresholdRule;
import chokepoint.kafka.KafkaClients;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.topology.ClassifyTopology;
import chokepoint.streams.topology.DeadLetterHandler;
import chokepoint.topics.Lane;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * A replay's own lane, apart from the live pipeline: its rules, indicators, breaches, measures and dead-letters
 * topics, its two applications' ids (so their consumer groups and internal topics) and its state folder; made before
 * the replay reads, and removed after it, whatever happened.
 */
final class ReplayLane {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayLane.class);

    private final String id;
    private final ChokepointConfig config;
    private final KafkaClients clients;
    private final String classifierApp;
    private final String thresholdApp;
    private final Path stateDir;
    /** Set by {@link #create}, once the rules say how far before the range their windows reach. */
    private Lane topics;

    ReplayLane(String id, ChokepointConfig config, KafkaClients clients) {
        this.id = id;
        this.config = config;
        this.clients = clients;
        this.classifierApp = config.kafka().applicationPrefix() + "-replay-" + id + "-classifier";
        this.thresholdApp = config.kafka().applicationPrefix() + "-replay-" + id + "-thresholds";
        this.stateDir = config.dataDir().resolve("replays").resolve(id);
    }

    /**
     * A replay's lane is one partition wide, from fusion to the breaches: the same question over the same items then
     * gets the same answer. Over several partitions the classifier's tasks hand indicators to the thresholds in
     * whatever order they run, and a rule that counts an early indicator late dates its breach differently (a late
     * indicator joins the breach of its time). One task reads the items' partitions in time order, and so does every
     * step after it. A replay runs in one process, on one stream thread, so it gives up no parallelism.
     */
    static final int PARTITIONS = 1;

    /** Makes the lane's topics for items from {@code warmFrom} to {@code to} and writes the rules into it. */
    Lane create(Admin admin, Instant warmFrom, Instant to, List<ThresholdRule> rules) throws Exception {
        topics = Lane.replay(id, warmFrom, to);
        short replication = config.kafka().replicationFactor();
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        // Records here carry the items' own times, often older than the broker's default retention (a week): its next
        // retention pass, every five minutes, would delete a replay's indicators and breaches before they are compared.
        // The lane goes with its replay, so it keeps everything until then.
        Map<String, String> kept = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        admin.createTopics(List.of(
                new NewTopic(topics.rules(), 1, replication).configs(compacted),
                new NewTopic(topics.indicators(), PARTITIONS, replication).configs(kept),
                new NewTopic(topics.breaches(), PARTITIONS, replication).configs(kept),
                new NewTopic(topics.deadLetters(), 1, replication).configs(kept),
                new NewTopic(topics.measures(), 1, replication).configs(compacted))).all().get();
        writeRules(rules);
        return topics;
    }

    private void writeRules(List<ThresholdRule> rules) throws ExecutionException, InterruptedException {
        Properties props = clients.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, ThresholdRule> producer = new KafkaProducer<>(props, Topics.RULES.keySerde().serializer(),
                Topics.RULES.valueSerde().serializer())) {
            for (ThresholdRule rule : rules) {
                producer.send(new ProducerRecord<>(topics.rules(), rule.id(), rule)).get();
            }
        }
    }

    /** The classifier's group starts at the range's first item instead of the beginning of history. */
    void startClassifierAt(Admin admin, Map<TopicPartition, Long> start) throws Exception {
        admin.alterConsumerGroupOffsets(classifierApp, start.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())))).all().get();
    }

    KafkaStreams classifier(Classifier classifier) {
        return new KafkaStreams(ClassifyTopology.build(classifier, topics, PARTITIONS),
                streamsConfig(ClassifyTopology.config(config, clients), classifierApp));
    }

    KafkaStreams thresholds() {
        return new KafkaStreams(ThresholdTopology.build(topics, PARTITIONS, ThresholdTopology.UPDATE_INTERVAL),
                streamsConfig(ThresholdTopology.config(config, clients), thresholdApp));
    }

    /** The lane's topics; null before {@link #create}. */
    Lane topics() {
        return topics;
    }

    String classifierApp() {
        return classifierApp;
    }

    String thresholdApp() {
        return thresholdApp;
    }

    private Properties streamsConfig(Properties base, String applicationId) {
        base.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        base.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(applicationId).toString());
        base.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        DeadLetterHandler.install(base, "replay", topics.deadLetters());
        return base;
    }

    static void close(KafkaStreams streams) {
        if (streams != null) {
            // Leaving the group at once lets the replay delete its consumer groups right after.
            streams.close(CloseOptions.timeout(Duration.ofSeconds(15))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            // Its local state goes with the replay's folder in remove.
        }
    }

    /** Removes what the replay made in Kafka and on disk; what cannot be removed is logged, not thrown. */
    void remove(Admin admin) {
        try {
            List<String> made = new ArrayList<>(topics == null ? List.of()
                    : List.of(topics.rules(), topics.indicators(), topics.breaches(), topics.deadLetters(), topics.measures()));
            admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(classifierApp + "-") || t.startsWith(thresholdApp + "-")).forEach(made::add);
            admin.deleteTopics(made).all().get();
            deleteGroups(admin);
        } catch (Exception e) {
            LOG.warn("replay {}: could not remove everything it made in Kafka: {}", id, e.toString());
        }
        try (var files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("replay {}: state folder {} not removed: {}", id, stateDir, e.toString());
        }
    }

    /** Groups stay "not empty" for a moment after their members left: try for a few seconds. */
    private void deleteGroups(Admin admin) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                admin.deleteConsumerGroups(List.of(classifierApp, thresholdApp)).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupNotEmptyException) || attempt >= 20) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }
}
