package chokepoint.streams.topology;

import org.apache.kafka.streams.KafkaStreams;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kafka Streams applications this process runs, for health: a process is ready only when every one of them is
 * RUNNING (a rebalancing application answers queries with errors and counts nothing yet), and alive while none is
 * in ERROR or stopped without being asked to.
 */
public final class StreamsApps {

    private static final Map<String, KafkaStreams> APPS = new ConcurrentHashMap<>();

    private StreamsApps() {
    }

    public static void register(String name, KafkaStreams streams) {
        APPS.put(name, streams);
    }

    public static void unregister(String name, KafkaStreams streams) {
        APPS.remove(name, streams);
    }

    /** True when every registered application is RUNNING. */
    public static boolean allRunning() {
        return APPS.values().stream().allMatch(app -> app.state() == KafkaStreams.State.RUNNING);
    }

    /** True when none has failed for good (ERROR, or stopped while registered). */
    public static boolean noneFailed() {
        return APPS.values().stream().noneMatch(app -> app.state() == KafkaStreams.State.ERROR
                || app.state() == KafkaStreams.State.PENDING_ERROR || app.state() == KafkaStreams.State.NOT_RUNNING);
    }

    /** Each application's state, by name. */
    public static Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        APPS.forEach((name, app) -> states.put(name, app.state().name()));
        return states;
    }
}
