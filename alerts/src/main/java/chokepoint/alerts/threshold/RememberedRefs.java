package chokepoint.alerts.threshold;

import chokepoint.records.Breach;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The indicators each group remembers, one record each in the {@code threshold-refs} store under
 * {@code ruleId|groupKey|time|indicatorId}: a group's records are contiguous and in time order (the time is written
 * as sixteen hex digits of the millisecond with its sign bit flipped, so that byte order is time order, before 1970
 * too), so a window is one range read and nothing is rewritten when one indicator arrives.
 */
final class RememberedRefs {

    static final String STORE = "threshold-refs";
    /** Sorts after every key of a moment ('}' follows '|'). */
    private static final String AFTER_MOMENT = "}";

    private final KeyValueStore<String, Breach.IndicatorRef> store;

    RememberedRefs(KeyValueStore<String, Breach.IndicatorRef> store) {
        this.store = store;
    }

    static String key(String stateKey, Breach.IndicatorRef ref) {
        return stateKey + "|" + moment(ref.occurredAt()) + "|" + ref.id();
    }

    private static String moment(Instant at) {
        return String.format("%016x", at.toEpochMilli() ^ Long.MIN_VALUE);
    }

    Breach.IndicatorRef get(String stateKey, Breach.IndicatorRef ref) {
        return store.get(key(stateKey, ref));
    }

    void put(String stateKey, Breach.IndicatorRef ref) {
        store.put(key(stateKey, ref), ref);
    }

    void delete(String stateKey, Breach.IndicatorRef ref) {
        store.delete(key(stateKey, ref));
    }

    /** The group's indicators with times in (from, to], oldest first; a null {@code from} reads from the first. */
    List<Breach.IndicatorRef> between(String stateKey, Instant from, Instant to) {
        List<Breach.IndicatorRef> found = new ArrayList<>();
        String first = from == null ? stateKey + "|" : stateKey + "|" + moment(from);
        try (KeyValueIterator<String, Breach.IndicatorRef> range = store.range(first, stateKey + "|" + moment(to) + AFTER_MOMENT)) {
            range.forEachRemaining(entry -> {
                Instant at = entry.value.occurredAt();
                if ((from == null || at.isAfter(from)) && !at.isAfter(to)) {
                    found.add(entry.value);
                }
            });
        }
        return found;
    }

    /** The group's oldest indicator with a time in (from, to], or null. */
    Breach.IndicatorRef first(String stateKey, Instant from, Instant to) {
        try (KeyValueIterator<String, Breach.IndicatorRef> range = store.range(stateKey + "|" + moment(from),
                stateKey + "|" + moment(to) + AFTER_MOMENT)) {
            while (range.hasNext()) {
                Breach.IndicatorRef ref = range.next().value;
                if (ref.occurredAt().isAfter(from) && !ref.occurredAt().isAfter(to)) {
                    return ref;
                }
            }
        }
        return null;
    }

    /** Deletes the group's indicators up to {@code to} inclusive, or all of them when {@code to} is null. */
    void forget(String stateKey, Instant to) {
        List<String> keys = new ArrayList<>();
        String last = to == null ? stateKey + "}" : stateKey + "|" + moment(to) + AFTER_MOMENT;
        try (KeyValueIterator<String, Breach.IndicatorRef> range = store.range(stateKey + "|", last)) {
            range.forEachRemaining(entry -> {
                if (to == null || !entry.value.occurredAt().isAfter(to)) {
                    keys.add(entry.key);
                }
            });
        }
        // Deleted after the read: a store is not changed while it is iterated.
        keys.forEach(store::delete);
    }

    /** Every remembered indicator of every group, for tests and the memory benchmark. */
    long size() {
        long n = 0;
        try (KeyValueIterator<String, Breach.IndicatorRef> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Breach.IndicatorRef> ignored = all.next();
                n++;
            }
        }
        return n;
    }
}
