package chokepoint.topics;

import chokepoint.kafka.KafkaClients;
import chokepoint.run.RunningLoops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The latest value of every key of a topic, followed from its beginning ({@link TopicFollower}): how a service holds
 * a whole small shared state (subscriptions, the measure register, breach history) and sees what other instances
 * write. A tombstone removes its key.
 */
public final class TopicTable<V> implements AutoCloseable {

    private final Map<String, V> byKey = new ConcurrentHashMap<>();
    private final TopicFollower<V> follower;

    /** @param process the loops of this process, which the table's follower joins */
    public TopicTable(KafkaClients clients, Topic<String, V> topic, RunningLoops process) {
        follower = new TopicFollower<>(clients, topic, this::apply, process);
    }

    private void apply(String key, V value) {
        if (value == null) {
            byKey.remove(key);
        } else {
            byKey.put(key, value);
        }
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public List<V> find(Predicate<V> filter) {
        List<V> found = new ArrayList<>();
        byKey.values().forEach(value -> {
            if (filter.test(value)) {
                found.add(value);
            }
        });
        return found;
    }

    /** What this instance has just written, seen here at once; the follower reads the same record again later. */
    public void applyOwnWrite(String key, V value) {
        apply(key, value);
    }

    /** Waits until everything written to the topic so far has been applied here ({@link TopicFollower#catchUp}). */
    public void catchUp(Duration timeout) {
        follower.catchUp(timeout);
    }

    @Override
    public void close() {
        follower.close();
    }
}
