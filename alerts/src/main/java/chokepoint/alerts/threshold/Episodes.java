package chokepoint.alerts.threshold;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The breaches each group raised within its memory, one record each in the {@code threshold-episodes} store under
 * {@code ruleId|groupKey|firedAt}, so that a late indicator finds the breach of its own time and a crossing soon
 * after a resolution reopens it.
 */
final class Episodes {

    static final String STORE = "threshold-episodes";

    private final KeyValueStore<String, Episode> store;

    Episodes(KeyValueStore<String, Episode> store) {
        this.store = store;
    }

    private static String key(String stateKey, Instant firedAt) {
        return stateKey + "|" + Moments.sortable(firedAt);
    }

    void put(String stateKey, Episode episode) {
        store.put(key(stateKey, episode.firedAt()), episode);
    }

    /** The group's breaches that fired in [from, to], oldest first. */
    List<Episode> firedBetween(String stateKey, Instant from, Instant to) {
        List<Episode> found = new ArrayList<>();
        try (KeyValueIterator<String, Episode> range = store.range(key(stateKey, from), key(stateKey, to))) {
            range.forEachRemaining(entry -> found.add(entry.value));
        }
        return found;
    }

    /** The group's breach that an indicator at {@code at} belongs to, if any. */
    Episode gathering(String stateKey, Instant at, Duration window, Duration memory) {
        return firedBetween(stateKey, at.minus(memory), at.plus(window)).stream()
                .filter(episode -> episode.gathers(at, window)).reduce((a, b) -> b).orElse(null);
    }

    /** The group's most recent breach that fired at or before {@code at}. */
    Episode lastBefore(String stateKey, Instant at) {
        try (KeyValueIterator<String, Episode> range = store.reverseRange(stateKey + "|", key(stateKey, at))) {
            return range.hasNext() ? range.next().value : null;
        }
    }

    /** Deletes the group's breaches resolved up to {@code to}, or all of them when {@code to} is null. */
    void forget(String stateKey, Instant to) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Episode> range = store.range(stateKey + "|", stateKey + "}")) {
            range.forEachRemaining(entry -> {
                if (to == null || (entry.value.resolvedAt() != null && !entry.value.resolvedAt().isAfter(to))) {
                    keys.add(entry.key);
                }
            });
        }
        keys.forEach(store::delete);
    }
}
