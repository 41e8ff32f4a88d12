package chokepoint.ingest;

import chokepoint.kafka.KafkaClients;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.IngestSettings;
import chokepoint.config.SourceConfig;
import chokepoint.outbound.GuardedHttpClient;
import chokepoint.outbound.OutboundSettings;
import chokepoint.run.InstanceId;
import chokepoint.run.RunningLoops;
import chokepoint.ingest.publish.IngestMemory;
import chokepoint.ingest.publish.ItemPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An ingest worker: polls every configured source on its own interval and publishes new items to
 * {@code chokepoint.items}. Start with {@link #start()}, stop with {@link #close()}. Several workers share the
 * catalogue through Kafka group membership ({@link SourceAssignment}): each source is polled by one of them.
 */
public final class IngestWorker implements AutoCloseable {

    private volatile IngestMemory memory;

    private static final Logger LOG = LoggerFactory.getLogger(IngestWorker.class);
    /** How soon a source this worker does not own is looked at again. */
    private static final Duration OWNERSHIP_CHECK = Duration.ofSeconds(2);
    /**
     * A poll waiting for its host's turn (many sources on one site, spaced by the politeness delay) holds a parked
     * thread; enough of them that a crowded host does not take the threads of the other hosts' sources.
     */
    private static final int MAX_POLL_THREADS = 256;
    /** How long close() lets the polls in progress finish. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(15);

    private final ChokepointConfig config;
    private final KafkaClients clients;
    private ScheduledExecutorService scheduler;
    private GuardedHttpClient http;
    private ItemPublisher publisher;
    private volatile SourceAssignment assignment;
    private final String workerId;
    private final RunningLoops process;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A worker whose id is kept in {@code <data-dir>/ingest-worker-id}. It names the worker's transactional producer,
     * so a worker restarted on the same data folder takes its old transactional id back and Kafka aborts, at once, a
     * transaction the killed run left open (rather than after the transaction timeout).
     */
    public IngestWorker(ChokepointConfig config, KafkaClients clients, RunningLoops process) {
        this(config, clients, InstanceId.kept(config.dataDir(), "ingest-worker-id"), process);
    }

    /**
     * @param workerId unique among the running workers; names this worker's transactional producer
     * @param process  the loops of this process, which the worker's group membership joins for health
     */
    public IngestWorker(ChokepointConfig config, KafkaClients clients, String workerId, RunningLoops process) {
        this.config = config;
        this.clients = clients;
        this.workerId = workerId;
        this.process = process;
    }

    public void start() {
        // The producer first: starting, it aborts a transaction this worker's previous run left open when it was
        // killed, which would otherwise hide from the memory read below what others published after it.
        publisher = new ItemPublisher(clients, config.kafka().applicationPrefix() + "-ingest-" + workerId,
                () -> assignment.membership());
        memory = IngestMemory.load(clients);
        LOG.info("ingest: {} source(s) to poll; what their items were is read when the group gives this worker some", config.sources().size());
        http = new GuardedHttpClient(outbound(config.ingest()));
        assignment = new SourceAssignment(clients, config.kafka().applicationPrefix() + "-ingest", memory, process);
        SourcePoller poller = new SourcePoller(http, publisher, memory, Clock.systemUTC());
        // Fetches mostly wait on the network: a thread per source (up to MAX_POLL_THREADS), so that sources that hold
        // a thread to the fetch deadline (a server dripping its headers) do not delay the others' polls.
        int threads = Math.max(2, Math.min(MAX_POLL_THREADS, config.sources().size()));
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, runnable -> {
            Thread thread = new Thread(runnable, "chokepoint-ingest");
            thread.setDaemon(true);
            return thread;
        });
        // On close, polls already running finish; those only scheduled are dropped (see close()).
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler = pool;
        for (SourceConfig source : config.sources()) {
            schedule(poller, source, Duration.ZERO);
        }
    }

    /** Each poll schedules the next: a failing source backs off while the others keep their rhythm. */
    private void schedule(SourcePoller poller, SourceConfig source, Duration delay) {
        try {
            scheduler.schedule(() -> schedule(poller, source, pollSafely(poller, source)), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing: the source is polled again by whichever worker runs next.
        }
    }

    /** Polls the source if this worker owns it now; otherwise looks again soon, in case ownership moves here. */
    private Duration pollSafely(SourcePoller poller, SourceConfig source) {
        if (!assignment.beginPoll(source.id())) {
            return OWNERSHIP_CHECK.compareTo(source.interval()) < 0 ? OWNERSHIP_CHECK : source.interval();
        }
        try {
            return poller.poll(source);
        } catch (RuntimeException e) {
            if (ItemPublisher.fenced(e)) {
                // Another process runs with this worker's transactional id: one of the two must stop, and Kafka
                // has chosen this one. Leaving the group hands its sources to the others.
                LOG.error("ingest: another worker started with this worker's id {} (a copy of its data folder's "
                        + "ingest-worker-id?); this worker stops and leaves its sources to the others", workerId);
                Thread stop = new Thread(this::close, "chokepoint-ingest-fenced");
                stop.setDaemon(true);
                stop.start();
                return source.interval();
            }
            // Kafka unreachable and the like: try again at the source's rhythm.
            LOG.error("source {}: poll failed: {}", source.id(), e.toString());
            return source.interval();
        } catch (Error e) {
            // Whatever it was, a source whose next poll is never scheduled would go quiet without a word.
            LOG.error("source {}: poll failed", source.id(), e);
            return source.interval();
        } finally {
            assignment.endPoll();
        }
    }

    /** The guarded client's settings for fetching sources. */
    public static OutboundSettings outbound(IngestSettings ingest) {
        return new OutboundSettings(ingest.userAgent(), ingest.connectTimeout(), ingest.fetchDeadline(), ingest.maxBodyBytes(),
                ingest.maxRedirects(), ingest.allowedPrivate(), ingest.politenessDelay());
    }

    /**
     * Stops as a crash would: polling ends at once, the group is not told (the others take the sources after the
     * session timeout), and whatever transaction was open is left to be aborted by the broker. For failure drills.
     */
    /** How many seen-marks this worker holds: those of the sources it owns now. */
    public int itemsKnown() {
        IngestMemory current = memory;
        return current == null ? 0 : current.seenCount();
    }

    public void halt() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (assignment != null) {
            assignment.halt();
        }
        if (http != null) {
            http.close();
        }
    }

    /**
     * Stops after the polls in progress: interrupting one mid-way would leave its transaction to time out (and
     * report the stop as the source's failure). A poll still running after {@link #CLOSE_GRACE} is interrupted.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    scheduler.shutdownNow();
                    scheduler.awaitTermination(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                scheduler.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (assignment != null) {
            assignment.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
