package chokepoint.streams.topology;

import chokepoint.config.ChokepointConfig;
import chokepoint.run.InstanceId;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Settings every long-running Streams application of an instance shares, computed from the configuration alone (no
 * state): its static membership and its standby replicas.
 */
public final class StreamsAppConfig {

    /** How long a group waits for a static member that stopped answering before giving its work to others. */
    public static final int SESSION_TIMEOUT_MS = 30_000;

    private StreamsAppConfig() {
    }

    /**
     * Static membership for a long-running application of the instance whose data folder is {@code dataDir}: restarted
     * within the session timeout, it takes its tasks back at once instead of waiting for the group to give up on its
     * dead self and rebalance (measured: benchmarks/run-recovery). Replays, which end, do not use it.
     */
    public static void staticMembership(Properties streamsConfig, ChokepointConfig config, String application) {
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
    public static void standbyReplicas(Properties streamsConfig, ChokepointConfig config) {
        streamsConfig.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.kafka().standbyReplicas());
    }
}
