package chokepoint.alerts.threshold;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code threshold-groups} store with the states last read or written kept in memory: every rule hit reads its
 * group and writes it back, and the profile of a thousand rules showed the read (a RocksDB lookup and the decoding
 * of its bytes) as large as the write. Writes go to the store first, then here, so what is kept is what the store
 * holds; only the processor of this task writes the store, and a task that is closed and opened again (a failure
 * under exactly-once, a rebalance) builds a new one. At most {@link #KEPT} states, the least recently used leave.
 */
final class GroupStates {

    /** About a hundred bytes each with the rule shared: a few megabytes at most. */
    static final int KEPT = 20_000;

    private final KeyValueStore<String, GroupState> store;
    private final Map<String, GroupState> kept = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, GroupState> eldest) {
            return size() > KEPT;
        }
    };

    GroupStates(KeyValueStore<String, GroupState> store) {
        this.store = store;
    }

    GroupState get(String key) {
        GroupState known = kept.get(key);
        if (known != null) {
            return known;
        }
        GroupState read = store.get(key);
        if (read != null) {
            kept.put(key, read);
        }
        return read;
    }

    void put(String key, GroupState group) {
        store.put(key, group);
        kept.put(key, group);
    }

    void delete(String key) {
        kept.remove(key);
        store.delete(key);
    }

    /** Every group, read from the store (the caller must not change the store while it iterates). */
    KeyValueIterator<String, GroupState> all() {
        return store.all();
    }
}
