package chokepoint.alerts.threshold;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.records.Breach;
import chokepoint.records.NotReadyYet;
import chokepoint.run.InstanceId;
import chokepoint.streams.store.StoredTopic;
import chokepoint.topics.Topics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every breach in its latest state, followed from {@code chokepoint.breaches} by every alerts instance into a store
 * on its disk ({@link StoredTopic}), so that any of them answers the history the same (a store of the threshold
 * application would hold only the partitions its instance owns) and ten years of breaches cost disk, not heap.
 * Unreadable records are skipped here; the threshold application dead-letters them.
 */
@Context
@Requires(property = "chokepoint.run.web", notEquals = "false")
public class BreachHistory implements AutoCloseable {

    private final StoredTopic<Breach> breaches;
    private volatile boolean loaded;

    public BreachHistory(AlertsRuntime runtime) {
        var config = runtime.config();
        breaches = new StoredTopic<>(runtime.clients(), Topics.BREACHES, config.dataDir().resolve("streams"),
                config.kafka().applicationPrefix(), config.kafka().staticMembership() ? InstanceId.of(config.dataDir()) : null);
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
