package chokepoint.alerts.threshold;

import chokepoint.records.Breach;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code threshold-groups} store with each group's state as it is now kept in memory, and written only when the
 * store could not tell it otherwise. An indicator newer than the group's clock, counted in order, changes only the
 * clock and the running figures, and those follow from the state last written and the group's references newer than
 * its clock ({@link RememberedRefs}, written for every indicator anyway): such a state stays in memory, and a state
 * read from the store is brought up to its newest reference ({@link #caughtUp}). At a thousand rules that was one
 * record on {@code threshold-groups-changelog} per rule hit, 21 of the 58 records an indicator made. Anything else (a
 * breach opened or resolved, its date due, its rule, what it forgot, a late indicator, a withdrawal) is written
 * through at once.
 *
 * <p>Only the processor of this task writes the store; a task closed and opened again (a failure under exactly-once,
 * a rebalance, an instance restored from the changelogs) starts with nothing in memory and catches up from the store.
 * At most {@link #KEPT} states, the least recently used leave (and catch up again when next read).
 */
final class GroupStates {

    /** About a hundred bytes each with the rule shared: a few megabytes at most. */
    static final int KEPT = 20_000;

    /** The state now, and the state the store holds (the same object when nothing is left to write). */
    private record Kept(GroupState now, GroupState written) {
    }

    private final KeyValueStore<String, GroupState> store;
    private final RememberedRefs refs;
    private final Map<String, Kept> kept = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > KEPT;
        }
    };

    GroupStates(KeyValueStore<String, GroupState> store, RememberedRefs refs) {
        this.store = store;
        this.refs = refs;
    }

    GroupState get(String key) {
        Kept known = kept.get(key);
        if (known != null) {
            return known.now();
        }
        GroupState stored = store.get(key);
        if (stored == null) {
            return null;
        }
        GroupState now = caughtUp(key, stored);
        kept.put(key, new Kept(now, stored));
        return now;
    }

    /** Writes the group's state through to the store. */
    void put(String key, GroupState group) {
        store.put(key, group);
        kept.put(key, new Kept(group, group));
    }

    /**
     * The group counted an indicator in order, at the group's new clock: kept in memory only when the store's state
     * differs from it in nothing but its clock and figures and is older than that indicator (the indicator's
     * reference is then newer than the stored clock, and {@link #caughtUp} finds it); otherwise written through.
     */
    void counted(String key, GroupState group) {
        Kept known = kept.get(key);
        GroupState written = known == null ? null : known.written();
        if (written == null || written.newest() == null || !group.newest().isAfter(written.newest())
                || !sameButFigures(written, group)) {
            put(key, group);
        } else {
            kept.put(key, new Kept(group, written));
        }
    }

    void delete(String key) {
        kept.remove(key);
        store.delete(key);
    }

    /** Every group's state as it is now (read whole first: the caller may change the store afterwards). */
    Map<String, GroupState> all() {
        Map<String, GroupState> all = new LinkedHashMap<>();
        try (KeyValueIterator<String, GroupState> stored = store.all()) {
            stored.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        // Not kept in memory: a daily visit of every group would push out the ones in use.
        all.replaceAll((key, stored) -> {
            Kept known = kept.get(key);
            return known != null ? known.now() : caughtUp(key, stored);
        });
        return all;
    }

    /**
     * A stored state brought up to the group's newest reference: the references newer than the stored clock are
     * indicators counted in order since it was written, so the clock moves to the newest and the figures are counted
     * again from the references in its span.
     */
    private GroupState caughtUp(String key, GroupState stored) {
        if (stored.newest() == null) {
            return stored;
        }
        Breach.IndicatorRef newest = refs.newest(key);
        if (newest == null || !newest.occurredAt().isAfter(stored.newest())) {
            return stored;
        }
        Instant clock = newest.occurredAt();
        return stored.recountedAt(clock, refs.between(key, clock.minus(stored.rule().span()), clock));
    }

    private static boolean sameButFigures(GroupState a, GroupState b) {
        return (a.rule() == b.rule() || a.rule().equals(b.rule())) && Objects.equals(a.open(), b.open())
                && Objects.equals(a.due(), b.due()) && Objects.equals(a.forgotten(), b.forgotten());
    }
}
