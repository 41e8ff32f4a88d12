package chokepoint.alerts.threshold;

import chokepoint.alerts.AlertsRuntime;
import chokepoint.records.Breach;
import chokepoint.records.NotReadyYet;
import chokepoint.topics.TopicTable;
import chokepoint.topics.Topics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every breach in its latest state, read from {@code chokepoint.breaches} from its beginning by every alerts instance,
 * so that any of them answers the history the same (a store of the threshold application would hold only the
 * partitions its instance owns). Breaches are few: thousands a year, each with at most its window's
 * indicators. Unreadable records are skipped and counted here; the threshold application dead-letters them.
 */
@Context
public class BreachHistory implements AutoCloseable {

    private final TopicTable<Breach> breaches;
    private volatile boolean loaded;

    public BreachHistory(AlertsRuntime runtime) {
        breaches = new TopicTable<>(runtime.clients(), Topics.BREACHES);
    }

    /** Breaches in their latest state that pass the filter; 503 until what the topic held at start has been read. */
    public List<Breach> find(Predicate<Breach> filter) {
        if (!loaded) {
            try {
                breaches.catchUp(Duration.ofSeconds(10));
                loaded = true;
            } catch (IllegalStateException e) {
                throw new NotReadyYet("breach history is not read yet (the service is starting)", e);
            }
        }
        return breaches.find(filter);
    }

    @PreDestroy
    @Override
    public void close() {
        breaches.close();
    }
}
