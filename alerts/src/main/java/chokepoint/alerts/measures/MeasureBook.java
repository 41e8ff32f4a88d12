package chokepoint.alerts.measures;

import chokepoint.alerts.AlertsRuntime;
import chokepoint.records.RegisteredMeasure;
import chokepoint.topics.TopicFollower;
import chokepoint.topics.Topics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The measure register as this instance last read it: every act on {@code chokepoint.measures} (compacted, one
 * record per act), followed from its beginning. Small: one record per official act seen in the topics' life.
 */
@Context
public class MeasureBook implements AutoCloseable {

    private final Map<String, RegisteredMeasure> measures = new ConcurrentHashMap<>();
    private final TopicFollower<RegisteredMeasure> follower;

    public MeasureBook(AlertsRuntime runtime) {
        follower = new TopicFollower<>(runtime.clients(), Topics.MEASURES, (act, measure) -> {
            if (measure == null) {
                measures.remove(act);
            } else {
                measures.put(act, measure);
            }
        });
    }

    public List<RegisteredMeasure> find(Predicate<RegisteredMeasure> filter) {
        List<RegisteredMeasure> found = new ArrayList<>();
        measures.values().forEach(m -> {
            if (filter.test(m)) {
                found.add(m);
            }
        });
        return found;
    }

    public Optional<RegisteredMeasure> get(String act) {
        return Optional.ofNullable(measures.get(act));
    }

    @PreDestroy
    @Override
    public void close() {
        follower.close();
    }
}
