package chokepoint.alerts.live;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.records.Breach;
import chokepoint.records.Indicator;
import chokepoint.records.SourceState;
import chokepoint.run.RunningLoops;
import chokepoint.topics.Topics;
import io.micrometer.core.instrument.Metrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;

/** The tails the page reads: indicators, breaches and source health. */
@Context
@Requires(property = "chokepoint.run.web", notEquals = "false")
public class LiveFeeds {

    private final TopicTail<Indicator> indicators;
    private final TopicTail<Breach> breaches;
    private final TopicTail<SourceState> sources;

    /** @param process the loops of this process, which the tails' followers join */
    public LiveFeeds(AlertsRuntime runtime, RunningLoops process) {
        // Counted as this instance reads them; the tails start a little before the end, so counts start near zero.
        indicators = new TopicTail<>(runtime.clients(), Topics.INDICATORS, 500, indicator ->
                Metrics.counter("chokepoint.indicators", "measure", indicator.measure().name()).increment(), process);
        BreachCounter breachCounter = new BreachCounter(Metrics.globalRegistry);
        breaches = new TopicTail<>(runtime.clients(), Topics.BREACHES, 200, breachCounter::accept, process);
        sources = new TopicTail<>(runtime.clients(), Topics.INGEST_SOURCES, 500, process);
    }

    public TopicTail<Indicator> indicators() {
        return indicators;
    }

    public TopicTail<Breach> breaches() {
        return breaches;
    }

    public TopicTail<SourceState> sources() {
        return sources;
    }

    @PreDestroy
    void close() {
        indicators.close();
        breaches.close();
        sources.close();
    }
}
