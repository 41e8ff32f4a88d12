package chokepoint.streams.fuse;

import chokepoint.records.Indicator;
import chokepoint.topics.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One classified copy on its way to fusion: its indicator and the SimHash of its text's lead, taken where the text
 * still is (the indicator does not carry it), so that copies an outlet retitled still meet their story.
 */
public record StoryCopy(Indicator indicator, long lead) {

    private static final JsonSerde<StoryCopy> JSON = JsonSerde.of(StoryCopy.class);
    private static final JsonSerde<Indicator> BARE = JsonSerde.of(Indicator.class);

    /** The copy of an item of this text; its lead print is computed here, on the partition that classified it. */
    public static StoryCopy of(Indicator indicator, String text) {
        return new StoryCopy(indicator, SimHash.ofLead(text));
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
            return copy == null || copy.indicator() != null ? copy : new StoryCopy(bare.deserialize(topic, bytes), SimHash.NONE);
        });
    }
}
