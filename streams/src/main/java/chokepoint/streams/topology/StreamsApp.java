package chokepoint.streams.topology;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;

/**
 * One long-running Kafka Streams application of this process, started and stopped the same way for all of them:
 * its state changes logged, its metrics in the process registry, a crashed stream thread replaced (exactly-once
 * aborts the open transaction and the new thread carries on from the last commit, so one bad moment does not stop
 * it), and a thread that keeps crashing reported: {@link #failingInLoop()} makes readiness DOWN with the reason, where
 * replacing threads forever once left {@code /health} UP while nothing was counted. From its start to its close it is
 * one of its process's {@link RunningApps}, which health reads.
 */
public final class StreamsApp implements AutoCloseable {

    /** A thread replaced this many times within {@link #LOOP_WINDOW} is failing in a loop, not having a bad moment. */
    static final int LOOP_FAILURES = 3;
    static final Duration LOOP_WINDOW = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final String name;
    private final RunningApps process;
    private final KafkaStreams streams;
    private final Deque<Instant> failures = new ArrayDeque<>();
    private volatile String lastFailure;

    /** @param process the applications of the process this one belongs to, which it joins when started */
    public StreamsApp(String name, Topology topology, Properties config, RunningApps process) {
        this.name = name;
        this.process = process;
        this.streams = new KafkaStreams(topology, config);
        streams.setStateListener((now, before) -> LOG.info("{}: {} -> {}", name, before, now));
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("{} thread failed, replacing it: {}", name, exception.toString());
            failed(exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        new KafkaStreamsMetrics(streams).bindTo(Metrics.globalRegistry);
    }

    public String name() {
        return name;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public void start() {
        process.join(this);
        streams.start();
    }

    synchronized void failed(Throwable exception) {
        Instant now = Instant.now();
        failures.addLast(now);
        while (failures.size() > LOOP_FAILURES) {
            failures.removeFirst();
        }
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        lastFailure = root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Whether its threads failed {@link #LOOP_FAILURES} times within {@link #LOOP_WINDOW}, the last one recently. */
    public synchronized boolean failingInLoop() {
        Instant now = Instant.now();
        return failures.size() >= LOOP_FAILURES && failures.peekFirst().isAfter(now.minus(LOOP_WINDOW))
                && failures.peekLast().isAfter(now.minus(LOOP_WINDOW.dividedBy(2)));
    }

    /** What health shows: the Streams state, and when failing in a loop, the reason. */
    public String report() {
        return failingInLoop() ? streams.state().name() + ", failing in a loop: " + lastFailure : streams.state().name();
    }

    @Override
    public void close() {
        process.leave(this);
        // Leave the group on a clean stop so that the next start (or another instance) takes the tasks at once
        // instead of after the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
