package chokepoint.alerts.replay;

import chokepoint.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tells when a replay has read everything: the classifier committed past every item of the range and, after it,
 * every repartition topic and the replay's indicators were consumed by the next stage. Reports the progress on the
 * way and fails as soon as either application stops.
 */
final class ConsumptionWatch {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumptionWatch.class);

    private final String id;
    private final KafkaClients clients;
    private final ReplayLane lane;
    private final Consumer<ReplayRun.Progress> progress;

    ConsumptionWatch(String id, KafkaClients clients, ReplayLane lane, Consumer<ReplayRun.Progress> progress) {
        this.id = id;
        this.clients = clients;
        this.lane = lane;
        this.progress = progress;
    }

    /** Returns once both applications consumed all there is; throws when one of them stopped. */
    void await(Admin admin, KafkaStreams classify, KafkaStreams thresholds, ItemsInRange items) throws Exception {
        String classifierApp = lane.classifierApp();
        String thresholdApp = lane.thresholdApp();
        int stableChecks = 0;
        try (LastDataRecord lastData = new LastDataRecord(clients)) {
            while (true) {
                failIfDead(classify, "classifier");
                failIfDead(thresholds, "thresholds");
                Map<TopicPartition, Long> committed = KafkaOffsets.committed(admin, classifierApp);
                progress.accept(new ReplayRun.Progress(read(items, committed), items.offsets(), "reading items"));
                boolean all = consumed(items.end(), committed, lastData)
                        && consumed(admin, classifierApp, internalTopics(admin, classifierApp), lastData)
                        && consumed(admin, thresholdApp, List.of(lane.topics().indicators()), lastData)
                        && consumed(admin, thresholdApp, internalTopics(admin, thresholdApp), lastData)
                        && settled(admin, List.of(lane.topics().indicators(), lane.topics().breaches()));
                // Twice in a row: a transaction's offsets and its output become visible in separate steps.
                stableChecks = all ? stableChecks + 1 : 0;
                if (stableChecks >= 2) {
                    LOG.debug("replay {}: consumed; classifier committed {}, thresholds committed {}", id, committed,
                            KafkaOffsets.committed(admin, thresholdApp));
                    return;
                }
                Thread.sleep(300);
            }
        }
    }

    private static long read(ItemsInRange items, Map<TopicPartition, Long> committed) {
        long read = 0;
        for (Map.Entry<TopicPartition, Long> e : items.end().entrySet()) {
            long start = items.start().get(e.getKey());
            long at = committed.getOrDefault(e.getKey(), start);
            read += Math.max(0, Math.min(at, e.getValue()) - start);
        }
        return read;
    }

    private static boolean consumed(Admin admin, String group, List<String> topics, LastDataRecord lastData) throws Exception {
        if (topics.isEmpty()) {
            return true;
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        for (String topic : topics) {
            // The high watermark, not the stable offset: output of a transaction still being committed counts.
            end.putAll(KafkaOffsets.of(admin, topic, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED));
        }
        return consumed(end, KafkaOffsets.committed(admin, group), lastData);
    }

    /** Every partition's last data record is behind the group's committed offset (a commit marker may follow it). */
    private static boolean consumed(Map<TopicPartition, Long> end, Map<TopicPartition, Long> committed, LastDataRecord lastData) {
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

    /**
     * Whether no transaction is open on the replay's output: on every partition the last stable offset has reached the
     * high watermark. A transaction's offsets and its output's commit markers are written by the coordinator one
     * after the other, so offsets can show before the output they cover can be read.
     */
    private static boolean settled(Admin admin, List<String> topics) throws Exception {
        for (String topic : topics) {
            Map<TopicPartition, Long> stable = KafkaOffsets.of(admin, topic, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, Long> written = KafkaOffsets.of(admin, topic, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
            if (!stable.equals(written)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> internalTopics(Admin admin, String app) throws Exception {
        return admin.listTopics().names().get().stream().filter(t -> t.startsWith(app + "-") && t.endsWith("-repartition")).toList();
    }

    private static void failIfDead(KafkaStreams streams, String what) {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("the replay's " + what + " stopped (" + state + ")");
        }
    }
}
