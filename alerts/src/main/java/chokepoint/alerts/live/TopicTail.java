package chokepoint.alerts.live;

import chokepoint.kafka.KafkaClients;
import chokepoint.run.RunningLoops;
import chokepoint.topics.Topic;
import chokepoint.topics.TopicFollower;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Follows a topic from a little before its end and keeps the newest records in memory for the page, and pushes
 * each new record to live subscribers. Every instance of the alerts service reads every partition (no consumer
 * group): each page shows the whole feed, whichever instance serves it.
 */
public final class TopicTail<V> implements AutoCloseable {

    private final java.util.function.Consumer<V> onRecord;
    private final int capacity;
    /** A record with its place in this tail: ids for server-sent events, so a reconnecting page can resume. */
    public record Sequenced<V>(long sequence, V value) {
    }

    private final Deque<Sequenced<V>> recent = new ArrayDeque<>();
    private final Sinks.Many<Sequenced<V>> live = Sinks.many().multicast().directBestEffort();
    private long sequence;
    private final TopicFollower<V> follower;

    public TopicTail(KafkaClients clients, Topic<String, V> topic, int capacity, RunningLoops process) {
        this(clients, topic, capacity, value -> {
        }, process);
    }

    /**
     * @param onRecord told of each new record (counting for metrics), on the tail's thread
     * @param process  the loops of this process, which the tail's follower joins
     */
    public TopicTail(KafkaClients clients, Topic<String, V> topic, int capacity, java.util.function.Consumer<V> onRecord,
                     RunningLoops process) {
        this.onRecord = onRecord;
        this.capacity = capacity;
        // Unreadable records were parked by the stage that wrote them; the follower skips them.
        this.follower = new TopicFollower<>(clients, topic, capacity, (key, value) -> accept(value), process);
    }

    private void accept(V value) {
        if (value == null) {
            return;
        }
        onRecord.accept(value);
        Sequenced<V> entry;
        synchronized (recent) {
            entry = new Sequenced<>(++sequence, value);
            recent.addLast(entry);
            while (recent.size() > capacity) {
                recent.removeFirst();
            }
            // Emitted under the lock, so that since() and the live stream never miss or repeat a record between them.
            live.tryEmitNext(entry);
        }
    }

    /** The newest records, newest first. */
    public List<V> recent() {
        synchronized (recent) {
            List<V> copy = new ArrayList<>(recent.size());
            recent.descendingIterator().forEachRemaining(entry -> copy.add(entry.value()));
            return copy;
        }
    }

    /** Records kept that came after {@code sequence}, oldest first: what a reconnecting reader missed. */
    public List<Sequenced<V>> since(long sequence) {
        synchronized (recent) {
            return recent.stream().filter(entry -> entry.sequence() > sequence).toList();
        }
    }

    /** The sequence number of the newest record kept (0 before the first). */
    public long lastSequence() {
        synchronized (recent) {
            return sequence;
        }
    }

    /** Records as they arrive from now on, with their sequence numbers. */
    public Flux<Sequenced<V>> liveSequenced() {
        return live.asFlux();
    }

    @Override
    public void close() {
        follower.close();
        live.tryEmitComplete();
    }
}
