package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rules in force, as objects, for the processors of one topology. The global {@code threshold-rules} store
 * (fed by the compacted {@code chokepoint.rules} topic) is the truth; this is its deserialized copy, filled from
 * the store when a processor starts and kept current by {@link RuleUpdater}, so that no rule is parsed again
 * for every indicator.
 */
final class RuleBook {

    static final String STORE = "threshold-rules";

    private final Map<String, ThresholdRule> rules = new ConcurrentHashMap<>();
    /** Grows at every change, so that a processor sees at a glance whether anything changed since it last looked. */
    private final AtomicLong version = new AtomicLong();
    private volatile RuleIndex index = RuleIndex.of(java.util.List.of());

    void loadFrom(ReadOnlyKeyValueStore<String, ThresholdRule> store) {
        try (KeyValueIterator<String, ThresholdRule> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value != null) {
                    rules.put(entry.key, entry.value);
                }
            });
        }
        changed();
    }

    void put(String id, ThresholdRule rule) {
        if (rule == null) {
            rules.remove(id);
        } else {
            rules.put(id, rule);
        }
        changed();
    }

    private synchronized void changed() {
        index = RuleIndex.of(rules.values());
        version.incrementAndGet();
    }

    long version() {
        return version.get();
    }

    /** The rules in force, looked up by an indicator's measure and actor. */
    RuleIndex index() {
        return index;
    }

    ThresholdRule get(String id) {
        return rules.get(id);
    }

    Collection<ThresholdRule> all() {
        return rules.values();
    }
}
