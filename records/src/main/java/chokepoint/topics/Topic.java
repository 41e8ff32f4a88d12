package chokepoint.topics;

import org.apache.kafka.common.serialization.Serde;

import java.time.Duration;

/**
 * A topic with its serdes and how Kafka should keep it. Topic names appear nowhere but in {@link Topics}.
 *
 * @param name       the topic name
 * @param keySerde   serde of keys
 * @param valueSerde serde of values
 * @param compacted  true for state (latest value per key), false for history (kept for {@code retention})
 * @param retention  how long history is kept; ignored for compacted topics
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted,
                          Duration retention) {

    @Override
    public String toString() {
        return name;
    }
}
