package chokepoint.alerts.replay;

import chokepoint.kafka.KafkaClients;
import chokepoint.alerts.threshold.ThresholdTopology;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.Indicator;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.streams.topology.ClassifyTopology;
import chokepoint.streams.topology.DeadLetterHandler;
import chokepoint.topics.Lane;
import chokepoint.topics.TopicReader;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One replay: the stored items of a time range re-read through the classifier topology and the threshold topology
 * (the same code as the live pipeline) on the replay's own lane: its own application ids and consumer groups, its
 * own rules, indicators and breaches topics, no delivery. When both topologies have consumed everything, the
 * breaches that would have fired are set beside those that did, and indicators classified differently are
 * listed. Everything the replay made in Kafka and on disk is removed afterwards.
 */
public final class ReplayRun {

    /** How far a replay got: items read of items to read, and what it is doing. */
    public record Progress(long read, long total, String phase) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReplayRun.class);

    private final String id;
    private final ChokepointConfig config;
    private final KafkaClients clients;
    private final ReplayRequest request;
    private final Consumer<Progress> progress;
    /** Set in {@link #run()}, once the rules say how far before the range their windows reach. */
    private Lane lane;
    private final String classifierApp;
    private final String thresholdApp;
    private final Path stateDir;

    public ReplayRun(String id, ChokepointConfig config, KafkaClients clients, ReplayRequest request, Consumer<Progress> progress) {
        this.id = id;
        this.config = config;
        this.clients = clients;
        this.request = request;
        this.progress = progress;
        this.classifierApp = config.kafka().applicationPrefix() + "-replay-" + id + "-classifier";
        this.thresholdApp = config.kafka().applicationPrefix() + "-replay-" + id + "-thresholds";
        this.stateDir = config.dataDir().resolve("replays").resolve(id);
    }

    /** Runs the replay to its end; removes what it made whatever happens. */
    public ReplayResult run() throws Exception {
        long started = System.nanoTime();
        Classifier classifier = classifier();
        try (Admin admin = clients.admin()) {
            KafkaStreams classify = null;
            KafkaStreams thresholds = null;
            try {
                progress.accept(new Progress(0, 0, "preparing"));
                List<ThresholdRule> rules = rules();
                Instant warmFrom = warmUpStart(rules);
                lane = Lane.replay(id, warmFrom, request.to());
                createLane(admin);
                writeRules(rules);
                Map<TopicPartition, Long> end = offsets(admin, Topics.ITEMS.name(), OffsetSpec.latest());
                Map<TopicPartition, Long> start = startOffsets(admin, end);
                // The classifier's group starts at the range's first item instead of the beginning of history.
                admin.alterConsumerGroupOffsets(classifierApp, start.entrySet().stream().collect(Collectors.toMap(
                        Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())))).all().get();
                long total = end.entrySet().stream().mapToLong(e -> e.getValue() - start.get(e.getKey())).sum();
                long items = countInRange(start, end);

                classify = new KafkaStreams(ClassifyTopology.build(classifier, lane), streamsConfig(ClassifyTopology.config(config, clients), classifierApp));
                thresholds = new KafkaStreams(ThresholdTopology.build(lane, config.kafka().partitions(), ThresholdTopology.UPDATE_INTERVAL), streamsConfig(ThresholdTopology.config(config, clients), thresholdApp));
                classify.start();
                thresholds.start();
                awaitConsumed(admin, classify, thresholds, start, end, total);

                progress.accept(new Progress(total, total, "comparing"));
                ReplayResult result = compare(items, (System.nanoTime() - started) / 1e9);
                progress.accept(new Progress(total, total, "done"));
                return result;
            } finally {
                close(classify);
                close(thresholds);
                removeLane(admin);
            }
        }
    }

    private Classifier classifier() throws IOException {
        RuleSet rules = request.classifierRules() == null ? RuleSet.bundled()
                : RuleSet.parse("replay rules", new StringReader(request.classifierRules()));
        return new Classifier(rules, chokepoint.streams.learn.LearnedModel.bundled(), Clock.systemUTC());
    }

    private List<ThresholdRule> rules() {
        if (request.rules() != null) {
            return request.rules();
        }
        Map<String, ThresholdRule> today = new LinkedHashMap<>();
        TopicReader.readAll(clients, Topics.RULES, (key, rule) -> {
            if (rule == null) {
                today.remove(key);
            } else {
                today.put(key, rule);
            }
        });
        return List.copyOf(today.values());
    }

    private void createLane(Admin admin) throws ExecutionException, InterruptedException {
        short replication = config.kafka().replicationFactor();
        int partitions = config.kafka().partitions();
        admin.createTopics(List.of(
                new NewTopic(lane.rules(), 1, replication).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(lane.indicators(), partitions, replication),
                new NewTopic(lane.breaches(), partitions, replication),
                new NewTopic(lane.deadLetters(), 1, replication),
                new NewTopic(lane.measures(), 1, replication).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
    }

    private void writeRules(List<ThresholdRule> rules) throws ExecutionException, InterruptedException {
        Properties props = clients.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, ThresholdRule> producer = new KafkaProducer<>(props, Topics.RULES.keySerde().serializer(),
                Topics.RULES.valueSerde().serializer())) {
            for (ThresholdRule rule : rules) {
                producer.send(new ProducerRecord<>(lane.rules(), rule.id(), rule)).get();
            }
        }
    }

    private Map<TopicPartition, Long> startOffsets(Admin admin, Map<TopicPartition, Long> end) throws Exception {
        if (request.from() == null) {
            return offsets(admin, Topics.ITEMS.name(), OffsetSpec.earliest());
        }
        Map<TopicPartition, Long> atFrom = offsets(admin, Topics.ITEMS.name(), OffsetSpec.forTimestamp(request.from().toEpochMilli()));
        Map<TopicPartition, Long> start = new HashMap<>();
        // No item at or after `from` in a partition: start at its end.
        atFrom.forEach((partition, offset) -> start.put(partition, offset < 0 ? end.get(partition) : offset));
        return start;
    }

    /** The items of the range: offsets also count transaction markers and items outside the range. */
    private long countInRange(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
        Properties props = clients.properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(end.keySet());
            start.forEach(consumer::seek);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    // Warm-up items are read but not counted: the summary speaks of the range asked for.
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition())) && inRange(Instant.ofEpochMilli(record.timestamp()))) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /**
     * Where reading starts: before the range by the longest memory of the rules (window or baseline, plus grace),
     * so that a window open when the range begins holds what it held live. Without it a month's replay starts
     * every window empty and fires breaches that the year's replay, which contains that month, folds into one
     * already firing; with it, both report the same breaches for the month. Null when the range has no start.
     */
    private Instant warmUpStart(List<ThresholdRule> rules) {
        if (request.from() == null) {
            return null;
        }
        Duration longest = rules.stream().map(ThresholdRule::memory).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        Instant start = request.from().minus(longest);
        return start.isBefore(Instant.EPOCH) ? Instant.EPOCH : start;
    }

    private Properties streamsConfig(Properties base, String applicationId) {
        base.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        base.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(applicationId).toString());
        base.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        DeadLetterHandler.install(base, "replay", lane.deadLetters());
        return base;
    }

    /**
     * Waits until the classifier has committed past every item of the range and, after it, every repartition
     * topic and the replay's indicators have been consumed by the next stage.
     */
    private void awaitConsumed(Admin admin, KafkaStreams classify, KafkaStreams thresholds, Map<TopicPartition, Long> start,
                               Map<TopicPartition, Long> end, long total) throws Exception {
        LastData lastData = new LastData(clients);
        int stableChecks = 0;
        try (lastData) {
            while (true) {
                failIfDead(classify, "classifier");
                failIfDead(thresholds, "thresholds");
                Map<TopicPartition, Long> committed = committed(admin, classifierApp);
                long read = 0;
                for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                    long at = committed.getOrDefault(e.getKey(), start.get(e.getKey()));
                    read += Math.max(0, Math.min(at, e.getValue()) - start.get(e.getKey()));
                }
                progress.accept(new Progress(read, total, "reading items"));
                boolean all = consumed(admin, classifierApp, end, committed, lastData)
                        && consumed(admin, classifierApp, internalTopics(admin, classifierApp), lastData)
                        && consumed(admin, thresholdApp, List.of(lane.indicators()), lastData)
                        && consumed(admin, thresholdApp, internalTopics(admin, thresholdApp), lastData);
                // Twice in a row: a transaction's offsets and its output become visible in separate steps.
                stableChecks = all ? stableChecks + 1 : 0;
                if (stableChecks >= 2) {
                    LOG.debug("replay {}: consumed; classifier committed {}, thresholds committed {}", id, committed, committed(admin, thresholdApp));
                    return;
                }
                Thread.sleep(300);
            }
        }
    }

    private boolean consumed(Admin admin, String group, List<String> topics, LastData lastData) throws Exception {
        if (topics.isEmpty()) {
            return true;
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        for (String topic : topics) {
            // The high watermark, not the stable offset: output of a transaction still being committed counts.
            end.putAll(offsets(admin, topic, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED));
        }
        return consumed(admin, group, end, committed(admin, group), lastData);
    }

    /** Every partition's last data record is behind the group's committed offset (a commit marker may follow it). */
    private boolean consumed(Admin admin, String group, Map<TopicPartition, Long> end, Map<TopicPartition, Long> committed,
                             LastData lastData) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            long at = committed.getOrDefault(e.getKey(), -1L);
            if (at >= e.getValue()) {
                continue;
            }
            long last = lastData.offset(e.getKey(), e.getValue());
            if (last >= 0 && at <= last) {
                return false;
            }
        }
        return true;
    }

    private List<String> internalTopics(Admin admin, String app) throws Exception {
        return admin.listTopics().names().get().stream().filter(t -> t.startsWith(app + "-") && t.endsWith("-repartition")).toList();
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .forEach((partition, offset) -> {
                    if (offset != null) {
                        out.put(partition, offset.offset());
                    }
                });
        return out;
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, String topic, OffsetSpec spec) throws Exception {
        return offsets(admin, topic, spec, IsolationLevel.READ_COMMITTED);
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, String topic, OffsetSpec spec, IsolationLevel isolation)
            throws Exception {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(info -> query.put(new TopicPartition(topic, info.partition()), spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(query, new ListOffsetsOptions(isolation)).all().get()
                .forEach((partition, info) -> out.put(partition, info.offset()));
        return out;
    }

    private static void failIfDead(KafkaStreams streams, String what) {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("the replay's " + what + " stopped (" + state + ")");
        }
    }

    private ReplayResult compare(long itemsRead, double seconds) {
        Map<String, Breach> replayed = new LinkedHashMap<>();
        // Breaches that fired during the warm-up belong to the time before the range, as they do live.
        TopicReader.readAll(clients, lane.breaches(), Topics.BREACHES,
                (key, breach) -> {
                    if (breach != null && inRange(breach.firedAt())) {
                        replayed.putIfAbsent(chokepoint.records.BreachIds.normalise(key), breach);
                    }
                });
        Map<String, Breach> live = new LinkedHashMap<>();
        // Only the range: a breach's record is stamped when it changed, never before it fired.
        TopicReader.readFrom(clients, Topics.BREACHES, request.from() == null ? Instant.EPOCH : request.from(), (key, breach) -> {
            if (breach != null && !"health".equals(breach.kind()) && inRange(breach.firedAt())) {
                // Breaches that fired before ids lost their '|' are keyed as they would be today.
                live.putIfAbsent(chokepoint.records.BreachIds.normalise(key), breach);
            }
        });
        List<ReplayResult.BreachRow> rows = new ArrayList<>();
        int both = 0;
        int onlyReplay = 0;
        for (Breach breach : replayed.values()) {
            boolean inLive = live.containsKey(chokepoint.records.BreachIds.normalise(breach.id()));
            both += inLive ? 1 : 0;
            onlyReplay += inLive ? 0 : 1;
            rows.add(row(breach, true, inLive));
        }
        int onlyLive = 0;
        for (Breach breach : live.values()) {
            if (!replayed.containsKey(chokepoint.records.BreachIds.normalise(breach.id()))) {
                onlyLive++;
                rows.add(row(breach, false, true));
            }
        }
        rows.sort(Comparator.comparing(ReplayResult.BreachRow::firedAt).thenComparing(ReplayResult.BreachRow::id));

        Map<String, Indicator> replayIndicators = new HashMap<>();
        TopicReader.readAll(clients, lane.indicators(), Topics.INDICATORS,
                (key, indicator) -> {
                    if (indicator != null && inRange(indicator.occurredAt())) {
                        replayIndicators.put(indicator.itemId(), indicator);
                    }
                });
        Map<String, Indicator> liveIndicators = new HashMap<>();
        TopicReader.readFrom(clients, Topics.INDICATORS, lane.from() == null ? Instant.EPOCH : lane.from(), (key, indicator) -> {
            if (indicator != null && replayIndicators.containsKey(indicator.itemId())) {
                liveIndicators.put(indicator.itemId(), indicator);
            }
        });
        List<ReplayResult.Change> changes = new ArrayList<>();
        int changed = 0;
        for (Indicator now : replayIndicators.values()) {
            Indicator then = liveIndicators.get(now.itemId());
            if (then != null && differs(then, now)) {
                changed++;
                if (changes.size() < ReplayResult.MAX_CHANGES) {
                    changes.add(new ReplayResult.Change(now.itemId(), now.title(), now.url(), then.measure(), then.stage(), then.actor(),
                            then.severity(), now.measure(), now.stage(), now.actor(), now.severity()));
                }
            }
        }
        return new ReplayResult(itemsRead, replayIndicators.size(), rows, onlyReplay, onlyLive, both, changes, changed, seconds,
                seconds > 0 ? itemsRead / seconds : 0, List.copyOf(replayed.values()));
    }

    private boolean inRange(Instant at) {
        return at != null && (request.from() == null || !at.isBefore(request.from())) && (request.to() == null || at.isBefore(request.to()));
    }

    private static boolean differs(Indicator a, Indicator b) {
        return a.measure() != b.measure() || a.stage() != b.stage() || !Objects.equals(a.actor(), b.actor())
                || !Set.copyOf(a.targets()).equals(Set.copyOf(b.targets())) || a.severity() != b.severity();
    }

    private static ReplayResult.BreachRow row(Breach breach, boolean inReplay, boolean inLive) {
        return new ReplayResult.BreachRow(breach.id(), breach.ruleId(), breach.ruleName(), breach.groupKey(), breach.firedAt(),
                breach.count(), inReplay, inLive);
    }

    private void close(KafkaStreams streams) {
        if (streams != null) {
            // Leaving the group at once lets the replay delete its consumer groups right after.
            streams.close(CloseOptions.timeout(Duration.ofSeconds(15))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            // Its local state goes with the replay's folder in removeLane.
        }
    }

    private void removeLane(Admin admin) {
        try {
            List<String> made = new ArrayList<>(lane == null ? List.of()
                    : List.of(lane.rules(), lane.indicators(), lane.breaches(), lane.deadLetters(), lane.measures()));
            admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(classifierApp + "-") || t.startsWith(thresholdApp + "-")).forEach(made::add);
            admin.deleteTopics(made).all().get();
            deleteGroups(admin);
        } catch (Exception e) {
            LOG.warn("replay {}: could not remove everything it made in Kafka: {}", id, e.toString());
        }
        try (var files = java.nio.file.Files.walk(stateDir)) {
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
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupNotEmptyException) || attempt >= 20) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Finds the last data record before a partition's end (read_committed): transactional topics end with a commit
     * marker that no consumer ever commits past, so "consumed" means "past the last data record".
     */
    private static final class LastData implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<TopicPartition, long[]> known = new HashMap<>();

        LastData(KafkaClients clients) {
            Properties props = clients.properties();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        /** The offset of the last committed data record below {@code end}, or -1 when the partition has none. */
        long offset(TopicPartition partition, long end) {
            long[] cached = known.get(partition);
            if (cached != null && cached[0] == end) {
                return cached[1];
            }
            long found = -1;
            boolean complete = true;
            // Look back a little first: usually only a commit marker follows the last record. Aborted
            // transactions leave invisible records and markers, so look further back when nothing shows.
            for (long window = 2; found < 0; window *= 16) {
                long from = Math.max(0, end - window);
                consumer.assign(List.of(partition));
                consumer.seek(partition, from);
                long deadline = System.currentTimeMillis() + 10_000;
                while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
                    for (var record : consumer.poll(Duration.ofMillis(100))) {
                        if (record.offset() < end) {
                            found = Math.max(found, record.offset());
                        }
                    }
                }
                complete = consumer.position(partition) >= end;
                if (from == 0 || !complete) {
                    break;
                }
            }
            if (!complete) {
                // A transaction there is still open: count its records as unread for now.
                return Long.MAX_VALUE - 1;
            }
            known.put(partition, new long[]{end, found});
            return found;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
