package chokepoint.topics;

import org.apache.kafka.common.serialization.Serde;

import java.time.Duration;

/**
 * A topic with its serdes and how Kafka should keep it. Topic names appear nowhere but in {@link Topics}.
 *
 * @param base       the topic's name after the deployment's prefix ({@code items} of {@code chokepoint.items})
 * @param keySerde   serde of keys
 * @param valueSerde serde of values
 * @param compacted  true for state (latest value per key), false for history (kept for {@code retention})
 * @param retention  how long history is kept; for compacted state, how long a key not written again is kept (null: for ever)
 */
public record Topic<K, V>(String base, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted,
                          Duration retention) {

    /** The name on the cluster: the deployment's topic prefix, then the base name. */
    public String name() {
        return Topics.prefix() + base;
    }

    @Override
    public String toString() {
        return name();
    }
}
