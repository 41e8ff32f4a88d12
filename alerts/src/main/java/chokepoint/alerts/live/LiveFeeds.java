package chokepoint.alerts.live;

import chokepoint.alerts.AlertsRuntime;
import chokepoint.records.Breach;
import chokepoint.records.Indicator;
import chokepoint.records.SourceState;
import chokepoint.topics.Topics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

/** The tails the page reads: indicators, breaches and source health. */
@Context
public class LiveFeeds {

    private final TopicTail<Indicator> indicators;
    private final TopicTail<Breach> breaches;
    private final TopicTail<SourceState> sources;

    public LiveFeeds(AlertsRuntime runtime) {
        indicators = new TopicTail<>(runtime.bootstrapServers(), Topics.INDICATORS, 500);
        breaches = new TopicTail<>(runtime.bootstrapServers(), Topics.BREACHES, 200);
        sources = new TopicTail<>(runtime.bootstrapServers(), Topics.INGEST_SOURCES, 500);
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
