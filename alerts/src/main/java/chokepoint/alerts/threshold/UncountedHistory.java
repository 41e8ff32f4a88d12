package chokepoint.alerts.threshold;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.records.UncountedIndicator;
import chokepoint.run.InstanceId;
import chokepoint.streams.store.StoredTopic;
import chokepoint.topics.Topics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The indicators a rule selected but could not count, with the reason ({@code chokepoint.uncounted}), followed by
 * every alerts instance as the breach history is, so that silence about a notice is visible beside the breaches.
 */
@Context
@Requires(property = "chokepoint.run.web", notEquals = "false")
public class UncountedHistory implements AutoCloseable {

    private final StoredTopic<UncountedIndicator> uncounted;

    public UncountedHistory(AlertsRuntime runtime) {
        var config = runtime.config();
        uncounted = new StoredTopic<>(runtime.clients(), Topics.UNCOUNTED, config.dataDir().resolve("streams"),
                config.kafka().applicationPrefix(), config.kafka().staticMembership() ? InstanceId.of(config.dataDir()) : null);
    }

    /** Those that pass the filter, the latest indicator time first. */
    public List<UncountedIndicator> find(Predicate<UncountedIndicator> filter, int limit) {
        return uncounted.find(filter).stream().sorted(Comparator.comparing(UncountedIndicator::occurredAt).reversed())
                .limit(limit).toList();
    }

    @PreDestroy
    @Override
    public void close() {
        uncounted.close();
    }
}
