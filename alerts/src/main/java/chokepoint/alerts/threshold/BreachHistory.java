package chokepoint.alerts.threshold;

import chokepoint.alerts.AlertsRuntime;
import chokepoint.records.Breach;
import chokepoint.records.NotReadyYet;
import chokepoint.topics.TopicFollower;
import chokepoint.topics.Topics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every breach in its latest state, read from {@code chokepoint.breaches} from its beginning by every alerts instance,
 * so that any of them answers the history the same (the threshold application's {@code breach-history} store holds
 * only the partitions its instance owns). Breaches are few: thousands a year, each with at most its window's
 * indicators. Unreadable records are skipped and counted here; the threshold application dead-letters them.
 */
@Context
public class BreachHistory implements AutoCloseable {

    private final Map<String, Breach> byId = new ConcurrentHashMap<>();
    private final TopicFollower<Breach> follower;
    private volatile boolean loaded;

    public BreachHistory(AlertsRuntime runtime) {
        follower = new TopicFollower<>(runtime.clients(), Topics.BREACHES, (id, breach) -> {
            if (breach == null) {
                byId.remove(id);
            } else {
                byId.put(id, breach);
            }
        });
    }

    /** Breaches in their latest state that pass the filter; 503 until what the topic held at start has been read. */
    public List<Breach> find(Predicate<Breach> filter) {
        if (!loaded) {
            try {
                follower.catchUp(Duration.ofSeconds(10));
                loaded = true;
            } catch (IllegalStateException e) {
                throw new NotReadyYet("breach history is not read yet (the service is starting)", e);
            }
        }
        List<Breach> found = new ArrayList<>();
        byId.values().forEach(breach -> {
            if (filter.test(breach)) {
                found.add(breach);
            }
        });
        return found;
    }

    @PreDestroy
    @Override
    public void close() {
        follower.close();
    }
}
