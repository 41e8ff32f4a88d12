package chokepoint.streams.fuse;

import chokepoint.records.Indicator;
import chokepoint.topics.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

/**
 * One classified copy on its way to fusion: its indicator and the prints fusion compares (the SimHash of its title
 * and of its text's lead, the numbers its title names). They are taken on the partition that classified the copy:
 * the lead's text is there and not in the indicator, and the one fusion task, every item's bottleneck, is spared the
 * work.
 */
public record StoryCopy(Indicator indicator, long hash, long lead, long numbers) {

    private static final JsonSerde<StoryCopy> JSON = JsonSerde.of(StoryCopy.class);
    private static final JsonSerde<Indicator> BARE = JsonSerde.of(Indicator.class);

    /** The copy of an item of this text, its prints computed. */
    public static StoryCopy of(Indicator indicator, String text) {
        List<String> words = SimHash.features(indicator.title());
        return new StoryCopy(indicator, SimHash.of(words), SimHash.ofLead(text), SimHash.numbers(words));
    }

    /**
     * JSON, reading also the bare indicators that versions before lead prints wrote to the same repartition topic,
     * so that records in flight during an upgrade are fused rather than lost.
     */
    public static Serde<StoryCopy> serde() {
        Deserializer<StoryCopy> json = JSON.deserializer();
        Deserializer<Indicator> bare = BARE.deserializer();
        return Serdes.serdeFrom(JSON.serializer(), (topic, bytes) -> {
            StoryCopy copy = json.deserialize(topic, bytes);
            return copy == null || copy.indicator() != null ? copy : of(bare.deserialize(topic, bytes), null);
        });
    }
}
