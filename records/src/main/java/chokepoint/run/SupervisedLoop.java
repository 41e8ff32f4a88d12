package chokepoint.run;

import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A long-running worker loop (delivery, digests, ingest's group membership, a topic follower) that cannot die
 * silently. The body runs on a thread of its own until it is asked to stop; when it throws, or returns while it
 * should still run, it is started again after a backoff (1 s doubling to a minute), and meanwhile the loop reports
 * itself down: {@code /health} and {@code chokepoint_worker_up} say so ({@link RunningLoops}), the log says why.
 * Before this, each worker logged "stopped" and left its loop, and the process went on answering UP.
 * <p>
 * The body must set up what it needs each time it starts (its consumer, say) and release it when it returns or
 * throws: a restart begins afresh.
 */
public final class SupervisedLoop implements AutoCloseable {

    /** The work. {@code running} turns false when the loop is asked to stop; the body should then return soon. */
    @FunctionalInterface
    public interface Body {
        void run(Runnable markRunning, java.util.function.BooleanSupplier running) throws Exception;
    }

    /** Where a loop stands. */
    public enum State { STARTING, RUNNING, RESTARTING, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedLoop.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final String name;
    private final Body body;
    private final Clock clock;
    private final RunningLoops process;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger restarts = new AtomicInteger();
    private final Thread thread;
    private volatile State state = State.STARTING;
    private volatile String lastError;
    private volatile Instant since;

    private SupervisedLoop(String name, Body body, Clock clock, RunningLoops process) {
        this.name = name;
        this.body = body;
        this.clock = clock;
        this.process = process;
        this.since = clock.instant();
        this.thread = new Thread(this::supervise, "chokepoint-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts {@code body} under supervision, a member of {@code process} (its process's loops, which health and metrics
     * read) until it is stopped. The body calls {@code markRunning} once it is set up (subscribed, caught up): until
     * then the loop counts as starting.
     */
    public static SupervisedLoop start(String name, Body body, RunningLoops process) {
        SupervisedLoop loop = new SupervisedLoop(name, body, Clock.systemUTC(), process);
        process.join(loop);
        loop.thread.start();
        return loop;
    }

    private void supervise() {
        Duration backoff = FIRST_BACKOFF;
        while (running.get()) {
            Instant started = clock.instant();
            try {
                body.run(this::markRunning, running::get);
                if (!running.get()) {
                    break;
                }
                lastError = "the loop returned without being asked to stop";
            } catch (Exception | Error e) {
                if (!running.get()) {
                    break;
                }
                lastError = e.toString();
                LOG.error("{}: stopped by {}; starting again in {} s", name, e, backoff.toSeconds(), e);
            }
            state = State.RESTARTING;
            since = clock.instant();
            restarts.incrementAndGet();
            // A loop that ran a good while before failing starts again quickly; one that fails at once backs off.
            if (Duration.between(started, clock.instant()).compareTo(MAX_BACKOFF.multipliedBy(5)) > 0) {
                backoff = FIRST_BACKOFF;
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        state = State.STOPPED;
        since = clock.instant();
    }

    private void markRunning() {
        if (state != State.RUNNING) {
            state = State.RUNNING;
            since = clock.instant();
        }
    }

    private void sleep(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (running.get() && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public String name() {
        return name;
    }

    public State state() {
        return state;
    }

    /** Up while it runs; starting counts as up for a minute (a consumer joining its group), then as down. */
    public boolean up() {
        return state == State.RUNNING || state == State.STARTING && since.plus(MAX_BACKOFF).isAfter(clock.instant());
    }

    public int restarts() {
        return restarts.get();
    }

    /** Why it last stopped, or null. */
    public String lastError() {
        return lastError;
    }

    public Instant since() {
        return since;
    }

    /**
     * Asks the body to stop and waits for it up to {@code timeout} (zero: does not wait); {@code wakeup} is called
     * first (a consumer's wakeup, to end a poll in progress).
     */
    public void stop(Runnable wakeup, Duration timeout) {
        running.set(false);
        if (wakeup != null) {
            wakeup.run();
        }
        if (!timeout.isZero() && Thread.currentThread() != thread) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.leave(this);
    }

    /**
     * {@link #stop}, waking the Kafka consumer the body polls on now, if it has one: a poll in progress would
     * otherwise hold the stop for its whole timeout.
     */
    public void stopPolling(Supplier<? extends Consumer<?, ?>> consumer, Duration timeout) {
        stop(() -> {
            Consumer<?, ?> current = consumer.get();
            if (current != null) {
                current.wakeup();
            }
        }, timeout);
    }

    /** Whether the loop's thread has ended. */
    public boolean stopped() {
        return !thread.isAlive();
    }

    /** Waits for the thread to end (after {@link #stop} or a halt). */
    public void join(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
    }

    @Override
    public void close() {
        stop(null, Duration.ofSeconds(10));
    }
}
