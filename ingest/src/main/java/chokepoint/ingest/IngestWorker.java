package chokepoint.ingest;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.SourceConfig;
import chokepoint.ingest.fetch.GuardedHttpClient;
import chokepoint.ingest.publish.IngestMemory;
import chokepoint.ingest.publish.ItemPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An ingest worker: polls every configured source on its own interval and publishes new items to
 * {@code chokepoint.items}. Start with {@link #start()}, stop with {@link #close()}. Today one worker owns the
 * whole catalogue; sharing it between workers by Kafka group membership is issue 3.
 */
public final class IngestWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestWorker.class);

    private final ChokepointConfig config;
    private final String bootstrapServers;
    private ScheduledExecutorService scheduler;
    private GuardedHttpClient http;
    private ItemPublisher publisher;

    public IngestWorker(ChokepointConfig config, String bootstrapServers) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    public void start() {
        IngestMemory memory = IngestMemory.load(bootstrapServers);
        LOG.info("ingest: {} item(s) already published, {} source(s) to poll", memory.seenCount(), config.sources().size());
        http = new GuardedHttpClient(config.ingest());
        publisher = new ItemPublisher(bootstrapServers, config.kafka().applicationPrefix() + "-ingest-0");
        SourcePoller poller = new SourcePoller(http, publisher, memory, Clock.systemUTC());
        // Fetches mostly wait on the network; a few threads keep a slow source from delaying the others.
        scheduler = Executors.newScheduledThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "chokepoint-ingest");
            thread.setDaemon(true);
            return thread;
        });
        for (SourceConfig source : config.sources()) {
            schedule(poller, source, Duration.ZERO);
        }
    }

    /** Each poll schedules the next: a failing source backs off while the others keep their rhythm. */
    private void schedule(SourcePoller poller, SourceConfig source, Duration delay) {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.schedule(() -> schedule(poller, source, pollSafely(poller, source)), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Duration pollSafely(SourcePoller poller, SourceConfig source) {
        try {
            return poller.poll(source);
        } catch (RuntimeException e) {
            // Kafka unreachable and the like: try again at the source's rhythm.
            LOG.error("source {}: poll failed: {}", source.id(), e.toString());
            return source.interval();
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (publisher != null) {
            publisher.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
