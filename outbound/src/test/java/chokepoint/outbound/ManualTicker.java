package chokepoint.outbound;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;

/** A clock for {@link HostTurns} that moves only when the test moves it. */
final class ManualTicker implements HostTurns.Ticker {

    private final AtomicLong now = new AtomicLong();
    private volatile HostTurns turns;

    void wakes(HostTurns turns) {
        this.turns = turns;
    }

    void advance(Duration by) {
        now.addAndGet(by.toNanos());
        if (turns != null) {
            turns.wake();
        }
    }

    Duration elapsed() {
        return Duration.ofNanos(now.get());
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void await(Condition condition, long nanos) throws InterruptedException {
        // Woken by advance(); the short real wait only guards against a wake-up missed between two looks.
        condition.await(5, TimeUnit.MILLISECONDS);
    }
}
