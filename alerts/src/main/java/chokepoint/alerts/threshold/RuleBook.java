package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules in force, as objects, for the processors of one topology. The global {@code threshold-rules} store
 * (fed by the compacted {@code chokepoint.rules} topic) is the truth; this is its deserialized copy, filled from
 * the store when a processor starts and kept current by {@link RuleUpdater}, so that no rule is parsed again
 * for every indicator.
 */
final class RuleBook {

    static final String STORE = "threshold-rules";

    private final Map<String, ThresholdRule> rules = new ConcurrentHashMap<>();

    void loadFrom(ReadOnlyKeyValueStore<String, ThresholdRule> store) {
        try (KeyValueIterator<String, ThresholdRule> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value != null) {
                    rules.put(entry.key, entry.value);
                }
            });
        }
    }

    void put(String id, ThresholdRule rule) {
        if (rule == null) {
            rules.remove(id);
        } else {
            rules.put(id, rule);
        }
    }

    ThresholdRule get(String id) {
        return rules.get(id);
    }

    Collection<ThresholdRule> all() {
        return rules.values();
    }
}
