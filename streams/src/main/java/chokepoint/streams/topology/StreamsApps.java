package chokepoint.streams.topology;

import chokepoint.run.InstanceId;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.Properties;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kafka Streams applications this process runs, for health: a process is ready only when every one of them is
 * RUNNING (a rebalancing application answers queries with errors and counts nothing yet), and alive while none is
 * in ERROR or stopped without being asked to.
 */
public final class StreamsApps {

    private static final Map<String, StreamsApp> APPS = new ConcurrentHashMap<>();

    private StreamsApps() {
    }

    static void register(StreamsApp app) {
        APPS.put(app.name(), app);
    }

    static void unregister(StreamsApp app) {
        APPS.remove(app.name(), app);
    }

    /** True when every registered application is RUNNING and none keeps failing on the same work. */
    public static boolean allRunning() {
        return APPS.values().stream().allMatch(app -> app.streams().state() == KafkaStreams.State.RUNNING && !app.failingInLoop());
    }

    /** True when none has failed for good (ERROR, or stopped while registered). */
    public static boolean noneFailed() {
        return APPS.values().stream().map(app -> app.streams().state()).noneMatch(state -> state == KafkaStreams.State.ERROR
                || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.NOT_RUNNING);
    }

    /**
     * Static membership for a long-running application of the instance whose data folder is {@code dataDir}: restarted
     * within the session timeout, it takes its tasks back at once instead of waiting for the group to give up on its
     * dead self and rebalance (measured: benchmarks/run-recovery). Replays, which end, do not use it.
     */
    public static void staticMembership(Properties streamsConfig, chokepoint.config.ChokepointConfig config, String application) {
        if (!config.kafka().staticMembership()) {
            return;
        }
        Path dataDir = config.dataDir();
        streamsConfig.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                InstanceId.of(dataDir) + "-" + application);
        // Long enough for a restart, short enough that the tasks of an instance that does not come back move on.
        streamsConfig.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
    }

    /**
     * Warm copies of the application's state on its other instances ({@code kafka.standby-replicas}): a standby task
     * follows a task's changelogs on another instance, so that when the instance running it dies the group hands the
     * task to the instance whose copy is caught up, ready in seconds, instead of to one that restores every store from
     * the changelog first (measured: benchmarks/run-fusion-scaleout). One instance has nowhere to put them (0).
     */
    public static void standbyReplicas(Properties streamsConfig, chokepoint.config.ChokepointConfig config) {
        streamsConfig.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.kafka().standbyReplicas());
    }

    /** How long a group waits for a static member that stopped answering before giving its work to others. */
    public static final int SESSION_TIMEOUT_MS = 30_000;

    /** Each application's state, by name. */
    public static Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        APPS.forEach((name, app) -> states.put(name, app.report()));
        return states;
    }
}
