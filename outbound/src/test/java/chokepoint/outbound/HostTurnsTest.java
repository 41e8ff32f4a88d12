package chokepoint.outbound;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The hosts' turns on a clock moved by hand: order and spacing are counted, never timed. */
class HostTurnsTest {

    private static final Duration DEFAULT_POLITENESS = Duration.ofSeconds(2);
    private final ManualTicker clock = new ManualTicker();

    @org.junit.jupiter.api.BeforeAll
    static void lookOften() {
        // Each step waits for threads to catch up with the hand-moved clock: look every millisecond, not every 100.
        org.awaitility.Awaitility.setDefaultPollDelay(Duration.ZERO);
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(1));
    }

    @org.junit.jupiter.api.AfterAll
    static void lookAsUsual() {
        org.awaitility.Awaitility.reset();
    }

    private HostTurns turns(Duration delay) {
        HostTurns turns = new HostTurns(delay, 4, Duration.ofSeconds(10), clock);
        clock.wakes(turns);
        return turns;
    }

    private record Grant(int who, long at) {
    }

    /** Starts a thread that takes a turn at {@code host} for {@code endpoint}, notes it, and holds it until told. */
    private Thread taker(HostTurns turns, String endpoint, int who, ConcurrentLinkedQueue<Grant> grants,
                         AtomicReference<HostTurns.Turn> held) {
        Thread thread = new Thread(() -> {
            try {
                HostTurns.Turn turn = turns.take("www.federalregister.gov", endpoint, Long.MAX_VALUE);
                grants.add(new Grant(who, clock.nanoTime()));
                if (held == null) {
                    turn.release();
                } else {
                    held.set(turn);
                }
            } catch (InterruptedException e) {
                grants.add(new Grant(-who, clock.nanoTime()));
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void threeHundredSourcesOnOneHostAreAllServedInOrderSpacedByTheDelay() {
        HostTurns turns = turns(DEFAULT_POLITENESS);
        ConcurrentLinkedQueue<Grant> grants = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 300; i++) {
            taker(turns, "/api/v1/documents.json?source=" + i, i, grants, null);
            int queued = i;
            // One at a time, so that the order they asked in is known; the first goes at once.
            await().until(() -> grants.size() + turns.waiting("www.federalregister.gov") == queued + 1);
        }
        for (int i = 1; i < 300; i++) {
            clock.advance(DEFAULT_POLITENESS);
            int served = i + 1;
            await().until(() -> grants.size() == served);
        }
        List<Grant> inOrder = new ArrayList<>(grants);
        assertEquals(300, inOrder.size(), "every source got its turn, none refused");
        for (int i = 0; i < 300; i++) {
            assertEquals(i, inOrder.get(i).who(), "in the order they asked");
            assertEquals(DEFAULT_POLITENESS.toNanos() * i, inOrder.get(i).at(), "spaced by the politeness delay");
        }
        assertEquals(0, turns.waiting("www.federalregister.gov"));
    }

    @Test
    void aRequestThatGivesUpLeavesTheQueueAndTakesNoSlot() throws Exception {
        HostTurns turns = turns(DEFAULT_POLITENESS);
        ConcurrentLinkedQueue<Grant> grants = new ConcurrentLinkedQueue<>();
        taker(turns, "/a", 1, grants, null);
        await().until(() -> grants.size() == 1);
        Thread second = taker(turns, "/b", 2, grants, null);
        await().until(() -> turns.waiting("www.federalregister.gov") == 1);
        taker(turns, "/c", 3, grants, null);
        await().until(() -> turns.waiting("www.federalregister.gov") == 2);
        second.interrupt();
        await().until(() -> grants.size() == 2);  // the second's give-up is noted
        clock.advance(DEFAULT_POLITENESS);
        await().until(() -> grants.size() == 3);
        List<Grant> all = new ArrayList<>(grants);
        assertEquals(-2, all.get(1).who());
        assertEquals(new Grant(3, DEFAULT_POLITENESS.toNanos()), all.get(2), "the third goes at the second's slot, not after it");
        assertNull(turns.take("www.federalregister.gov", "/d", System.nanoTime()), "one that gives up at once gets no turn");
        assertEquals(0, turns.waiting("www.federalregister.gov"));
    }

    @Test
    void slowAnswersHoldOneConnectionEachAndNeverTheLast() {
        HostTurns turns = turns(Duration.ZERO);
        ConcurrentLinkedQueue<Grant> grants = new ConcurrentLinkedQueue<>();
        List<AtomicReference<HostTurns.Turn>> slow = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            AtomicReference<HostTurns.Turn> held = new AtomicReference<>();
            slow.add(held);
            taker(turns, "/slow-" + i, i, grants, held);
        }
        await().until(() -> grants.size() == 4);
        // Four requests hanging on one host, none known to be slow yet: the budget is full.
        taker(turns, "/fast", 5, grants, null);
        await().until(() -> turns.waiting("www.federalregister.gov") == 1);
        assertEquals(4, grants.size());
        // Once they have run longer than the slow mark, they hold their own connections, not the host's.
        clock.advance(Duration.ofSeconds(11));
        await().until(() -> grants.size() == 5);
        for (int round = 0; round < 5; round++) {
            int before = grants.size();
            taker(turns, "/fast", 5, grants, null);
            await().until(() -> grants.size() == before + 1);
        }
        // They end (their own deadlines); their endpoints are now known slow: together they get three connections.
        slow.forEach(held -> held.get().release());
        List<AtomicReference<HostTurns.Turn>> again = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            AtomicReference<HostTurns.Turn> held = new AtomicReference<>();
            again.add(held);
            taker(turns, "/slow-" + i, 10 + i, grants, held);
        }
        await().until(() -> turns.waiting("www.federalregister.gov") == 1);
        int before = grants.size();
        taker(turns, "/fast", 5, grants, null);
        await().until(() -> grants.size() == before + 1);
        assertEquals(1, turns.waiting("www.federalregister.gov"), "the fourth slow one still waits; the fast one went");
        again.stream().filter(held -> held.get() != null).findFirst().orElseThrow().get().release();
        await().until(() -> turns.waiting("www.federalregister.gov") == 0);
    }
}
