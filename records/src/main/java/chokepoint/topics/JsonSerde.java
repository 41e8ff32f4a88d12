package chokepoint.topics;

import chokepoint.records.Complete;
import chokepoint.records.Json;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;

/**
 * JSON serde for a record type. Bad bytes, and JSON that lacks what readers rely on ({@link Complete}), raise
 * {@link SerializationException}, which the dead-letter paths catch.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    // Bound to the type once: the mapper would look its (de)serializer up again for every record.
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonSerde(Class<T> type, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.type = type;
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type, Json.MAPPER);
    }

    /** For a state store's values: binary JSON ({@link Json#STATE_MAPPER}), not for topics people read. */
    public static <T> JsonSerde<T> state(Class<T> type) {
        return new JsonSerde<>(type, Json.STATE_MAPPER);
    }

    /** For a state store's values with a mapper of their own (a {@link Json#STATE_MAPPER} copy with mix-ins). */
    public static <T> JsonSerde<T> with(Class<T> type, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        return new JsonSerde<>(type, mapper);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return writer.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " to " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            T value;
            try {
                value = reader.readValue(bytes);
            } catch (JacksonException e) {
                throw new SerializationException("not a valid " + type.getSimpleName() + " on " + topic + ": "
                        + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " on " + topic, e);
            }
            if (value instanceof Complete complete && !complete.missing().isEmpty()) {
                throw new SerializationException("not a valid " + type.getSimpleName() + " on " + topic + ": no "
                        + String.join(", ", complete.missing()));
            }
            if (value == null) {
                throw new SerializationException("not a valid " + type.getSimpleName() + " on " + topic + ": JSON null");
            }
            return value;
        };
    }
}
