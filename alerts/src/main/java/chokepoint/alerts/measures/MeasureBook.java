package chokepoint.alerts.measures;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.records.RegisteredMeasure;
import chokepoint.run.RunningLoops;
import chokepoint.topics.TopicTable;
import chokepoint.topics.Topics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The measure register as this instance last read it: every act on {@code chokepoint.measures} (compacted, one
 * record per act), followed from its beginning. Small: one record per official act alive or ended within 400 days.
 */
@Context
@Requires(property = "chokepoint.run.web", notEquals = "false")
public class MeasureBook implements AutoCloseable {

    private final TopicTable<RegisteredMeasure> measures;

    /** @param process the loops of this process, which the register's follower joins */
    public MeasureBook(AlertsRuntime runtime, RunningLoops process) {
        measures = new TopicTable<>(runtime.clients(), Topics.MEASURES, process);
    }

    public List<RegisteredMeasure> find(Predicate<RegisteredMeasure> filter) {
        return measures.find(filter);
    }

    public Optional<RegisteredMeasure> get(String act) {
        return measures.get(act);
    }

    @PreDestroy
    @Override
    public void close() {
        measures.close();
    }
}
