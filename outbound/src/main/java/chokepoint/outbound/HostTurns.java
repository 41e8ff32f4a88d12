package chokepoint.outbound;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whose turn it is to send a request to a host. Requests to one host start at least {@code delay} apart, in the
 * order they asked (a queue per host, so that many sources on one site are all served, spaced out, none starved),
 * and at most {@code connections} of them are in flight at once. Nothing is booked ahead: a request takes its turn
 * when it is at the front and the host is free, so one that gives up while waiting (interrupted) leaves the queue
 * and costs the others nothing. The wait for a turn is not part of a fetch's deadline, which starts with the turn.
 *
 * <p>A slow endpoint (an exchange that ran longer than {@code slowAfter}, or whose last exchange did) holds one
 * connection and not the host: a request running slow no longer counts against the budget of the others, and
 * requests to endpoints known to be slow may hold at most {@code connections - 1} connections between them, so
 * that the last one is always there for the rest. Four hanging endpoints on one site no longer stop its fifth.
 */
public final class HostTurns {

    /** Time as the turns see it: the system's, or one a test moves by hand. */
    public interface Ticker {
        long nanoTime();

        /** Waits on {@code condition} (its lock held) for at most {@code nanos}, or until signalled. */
        void await(Condition condition, long nanos) throws InterruptedException;

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void await(Condition condition, long nanos) throws InterruptedException {
                condition.awaitNanos(nanos);
            }
        };
    }

    /** A turn taken: give it back with {@link #release()} when the exchange is over (its connection returned). */
    public final class Turn {
        private final Host host;
        private final String endpoint;
        private final long started;
        private final boolean knownSlow;
        private boolean released;

        private Turn(Host host, String endpoint, long started, boolean knownSlow) {
            this.host = host;
            this.endpoint = endpoint;
            this.started = started;
            this.knownSlow = knownSlow;
        }

        boolean slowAt(long now) {
            return knownSlow || now - started > slowAfterNanos;
        }

        public void release() {
            lock.lock();
            try {
                if (released) {
                    return;
                }
                released = true;
                host.inFlight.remove(this);
                boolean wasSlow = ticker.nanoTime() - started > slowAfterNanos;
                if (wasSlow) {
                    host.slowEndpoints.add(endpoint);
                } else {
                    host.slowEndpoints.remove(endpoint);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static final class Waiter {
        final String endpoint;

        Waiter(String endpoint) {
            this.endpoint = endpoint;
        }
    }

    private static final class Host {
        final ArrayDeque<Waiter> queue = new ArrayDeque<>();
        final List<Turn> inFlight = new ArrayList<>();
        final java.util.Set<String> slowEndpoints = new java.util.HashSet<>();
        long lastStart;
        boolean started;
    }

    /** Waiting threads look again at least this often (a request in flight may have turned slow meanwhile). */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final long delayNanos;
    private final int connections;
    private final long slowAfterNanos;
    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Host> hosts = new HashMap<>();

    public HostTurns(Duration delay, int connections, Duration slowAfter, Ticker ticker) {
        if (connections < 2) {
            throw new IllegalArgumentException("a host needs at least two connections: one may be held by a slow endpoint");
        }
        this.delayNanos = delay.toNanos();
        this.connections = connections;
        this.slowAfterNanos = slowAfter.toNanos();
        this.ticker = ticker;
    }

    /**
     * Waits for the turn of a request to {@code endpoint} (host and path) on {@code host}: at the front of the
     * host's queue among the requests that may go now, the politeness delay since the host's last request passed,
     * a connection free. Interrupted, or still waiting when the system clock reaches {@code giveUpAtNanos}
     * ({@link System#nanoTime()}; {@link Long#MAX_VALUE}: never), the request leaves the queue and takes nothing
     * (null when it gave up).
     */
    public Turn take(String host, String endpoint, long giveUpAtNanos) throws InterruptedException {
        String key = host.toLowerCase(Locale.ROOT);
        lock.lock();
        try {
            Host state = hosts.computeIfAbsent(key, k -> new Host());
            Waiter me = new Waiter(endpoint);
            state.queue.addLast(me);
            try {
                while (true) {
                    long now = ticker.nanoTime();
                    long politeIn = state.started ? state.lastStart + delayNanos - now : 0;
                    if (politeIn <= 0 && firstThatMayGo(state, now) == me) {
                        state.queue.remove(me);
                        state.lastStart = now;
                        state.started = true;
                        Turn turn = new Turn(state, endpoint, now, state.slowEndpoints.contains(endpoint));
                        state.inFlight.add(turn);
                        // The next in line may be free to go after the delay: wake the others to look.
                        changed.signalAll();
                        return turn;
                    }
                    if (giveUpAtNanos != Long.MAX_VALUE && System.nanoTime() - giveUpAtNanos >= 0) {
                        state.queue.remove(me);
                        changed.signalAll();
                        return null;
                    }
                    ticker.await(changed, politeIn > 0 ? Math.min(politeIn, RECHECK_NANOS) : RECHECK_NANOS);
                }
            } catch (InterruptedException | RuntimeException e) {
                state.queue.remove(me);
                changed.signalAll();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The first waiter, in the order they asked, that a connection is free for. */
    private Waiter firstThatMayGo(Host state, long now) {
        int slowHeld = 0;
        int othersHeld = 0;
        for (Turn turn : state.inFlight) {
            if (turn.slowAt(now)) {
                slowHeld++;
            } else {
                othersHeld++;
            }
        }
        for (Iterator<Waiter> it = state.queue.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            boolean slow = state.slowEndpoints.contains(waiter.endpoint);
            if (slow ? slowHeld < connections - 1 && slowHeld + othersHeld < connections : othersHeld < connections) {
                return waiter;
            }
        }
        return null;
    }

    /** Requests waiting for a turn at {@code host} now (for the panel and tests). */
    public int waiting(String host) {
        lock.lock();
        try {
            Host state = hosts.get(host.toLowerCase(Locale.ROOT));
            return state == null ? 0 : state.queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter to look at the time again (a hand-moved {@link Ticker} calls it after moving). */
    public void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
