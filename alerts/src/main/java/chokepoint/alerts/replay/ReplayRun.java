package chokepoint.alerts.replay;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ThresholdRule;
import chokepoint.kafka.KafkaClients;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.streams.learn.LearnedModel;
import chokepoint.topics.Lane;
import chokepoint.topics.TopicReader;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One replay: the stored items of a time range re-read through the classifier topology and the threshold topology
 * (the same code as the live pipeline) on the replay's own lane ({@link ReplayLane}): its own application ids and
 * consumer groups, its own rules, indicators and breaches topics, no delivery. When both topologies have consumed
 * everything ({@link ConsumptionWatch}), the breaches that would have fired are set beside those that did, and
 * indicators classified differently are listed ({@link ReplayComparison}). Everything the replay made in Kafka and on
 * disk is removed afterwards.
 */
public final class ReplayRun {

    /** How far a replay got: items read of items to read, and what it is doing. */
    public record Progress(long read, long total, String phase) {
    }

    private final String id;
    private final KafkaClients clients;
    private final ReplayRequest request;
    private final Consumer<Progress> progress;
    private final ReplayLane lane;

    public ReplayRun(String id, ChokepointConfig config, KafkaClients clients, ReplayRequest request, Consumer<Progress> progress) {
        this.id = id;
        this.clients = clients;
        this.request = request;
        this.progress = progress;
        this.lane = new ReplayLane(id, config, clients);
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
                Lane topics = lane.create(admin, warmUpStart(rules), request.to(), rules);
                ItemsInRange items = ItemsInRange.find(admin, clients, request);
                lane.startClassifierAt(admin, items.start());

                classify = lane.classifier(classifier);
                thresholds = lane.thresholds();
                classify.start();
                thresholds.start();
                new ConsumptionWatch(id, clients, lane, progress).await(admin, classify, thresholds, items);

                progress.accept(new Progress(items.offsets(), items.offsets(), "comparing"));
                ReplayResult result = new ReplayComparison(clients, topics, request)
                        .result(items.items(), (System.nanoTime() - started) / 1e9);
                progress.accept(new Progress(items.offsets(), items.offsets(), "done"));
                return result;
            } finally {
                ReplayLane.close(classify);
                ReplayLane.close(thresholds);
                lane.remove(admin);
            }
        }
    }

    private Classifier classifier() throws IOException {
        RuleSet rules = request.classifierRules() == null ? RuleSet.bundled()
                : RuleSet.parse("replay rules", new StringReader(request.classifierRules()));
        return new Classifier(rules, LearnedModel.bundled(), Clock.systemUTC());
    }

    /** The rules asked for, or today's: the rules topic read to its end. */
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
}
