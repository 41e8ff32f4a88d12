package chokepoint.alerts.replay;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.config.ReplaySettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs replays in the background, within limits: one per person at a time, at most {@code replay.max-running} at
 * once on this instance, ranges no longer than {@code replay.max-range}. Keeps the newest results in memory.
 */
@Singleton
public class Replays {

    /** Why a replay cannot start now; {@code retryAfter} says when to ask again. */
    public static final class Busy extends Exception {
        private final long retryAfterSeconds;

        Busy(String message, long retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Replays.class);
    private static final int KEPT = 50;

    private final AlertsRuntime runtime;
    private final ReplaySettings settings;
    private final ExecutorService runner;
    private final Map<String, ReplayStatus> byId = new LinkedHashMap<>();

    public Replays(AlertsRuntime runtime) {
        this.runtime = runtime;
        this.settings = runtime.config().replay();
        this.runner = Executors.newFixedThreadPool(settings.maxRunning(), r -> {
            Thread thread = new Thread(r, "chokepoint-replay");
            thread.setDaemon(true);
            return thread;
        });
    }

    public List<String> problems(ReplayRequest request) {
        return request.problems(settings);
    }

    public synchronized ReplayStatus start(String owner, ReplayRequest request) throws Busy {
        long mine = byId.values().stream().filter(s -> s.owner().equals(owner) && s.state() == ReplayStatus.State.RUNNING).count();
        if (mine > 0) {
            throw new Busy("your replay is still running: wait for it to finish", 10);
        }
        long running = byId.values().stream().filter(s -> s.state() == ReplayStatus.State.RUNNING).count();
        if (running >= settings.maxRunning()) {
            throw new Busy("replays are running for others (replay.max-running: " + settings.maxRunning() + ")", 30);
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        ReplayStatus status = new ReplayStatus(id, owner, request.from(), request.to(), request.rules() != null,
                request.classifierRules() != null, ReplayStatus.State.RUNNING, 0, 0, "queued", Instant.now(), null, null, null);
        byId.put(id, status);
        trim();
        runner.submit(() -> run(id, request));
        return status;
    }

    private void run(String id, ReplayRequest request) {
        try {
            ReplayResult result = new ReplayRun(id, runtime.config(), runtime.clients(), request,
                    progress -> update(id, s -> s.progressed(progress))).run();
            update(id, s -> s.done(result, Instant.now()));
            LOG.info("replay {} done: {} items, {} breaches would fire ({} only in the replay, {} only live)", id,
                    result.itemsRead(), result.both() + result.onlyReplay(), result.onlyReplay(), result.onlyLive());
        } catch (Exception e) {
            LOG.warn("replay {} failed: {}", id, e.toString());
            update(id, s -> s.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), Instant.now()));
        }
    }

    private synchronized void update(String id, java.util.function.UnaryOperator<ReplayStatus> change) {
        byId.computeIfPresent(id, (k, s) -> change.apply(s));
    }

    public synchronized Optional<ReplayStatus> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public synchronized List<ReplayStatus> all() {
        return byId.values().stream().sorted(Comparator.comparing(ReplayStatus::startedAt).reversed()).toList();
    }

    private void trim() {
        while (byId.size() > KEPT) {
            String oldest = byId.values().stream().filter(s -> s.state() != ReplayStatus.State.RUNNING)
                    .min(Comparator.comparing(ReplayStatus::startedAt)).map(ReplayStatus::id).orElse(null);
            if (oldest == null) {
                return;
            }
            byId.remove(oldest);
        }
    }

    @PreDestroy
    void close() {
        runner.shutdownNow();
    }
}
