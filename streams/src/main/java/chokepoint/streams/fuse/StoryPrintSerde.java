package chokepoint.streams.fuse;

import chokepoint.records.Measure;
import chokepoint.records.Stage;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact binary form for one story print: every new copy writes one and every task start reads them all, so JSON
 * would cost more than the fusion itself. Version byte first, so the format can change.
 */
public final class StoryPrintSerde implements Serde<StoryPrint> {

    private static final byte VERSION = 6;

    @Override
    public Serializer<StoryPrint> serializer() {
        return (topic, print) -> {
            if (print == null) {
                return null;
            }
            byte[] eventId = print.eventId().getBytes(StandardCharsets.UTF_8);
            byte[] itemId = print.itemId().getBytes(StandardCharsets.UTF_8);
            List<byte[]> references = print.references().stream().map(r -> r.getBytes(StandardCharsets.UTF_8)).toList();
            int size = 1 + 8 + 8 + 8 + 1 + 1 + 8 + 4 + eventId.length + 4 + itemId.length + 2 + references.stream().mapToInt(r -> 4 + r.length).sum();
            ByteBuffer out = ByteBuffer.allocate(size).put(VERSION).putLong(print.hash()).putLong(print.lead())
                    .putLong(print.numbers()).put((byte) print.measure().ordinal())
                    .put((byte) (print.stage() == null ? -1 : print.stage().ordinal())).putLong(print.seenAt().toEpochMilli());
            out.putInt(eventId.length).put(eventId).putInt(itemId.length).put(itemId).putShort((short) references.size());
            references.forEach(r -> out.putInt(r.length).put(r));
            return out.array();
        };
    }

    @Override
    public Deserializer<StoryPrint> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                ByteBuffer in = ByteBuffer.wrap(data);
                byte version = in.get();
                if (version != VERSION) {
                    throw new SerializationException("story print in unknown format " + version);
                }
                long hash = in.getLong();
                long lead = in.getLong();
                long numbers = in.getLong();
                Measure measure = Measure.values()[in.get()];
                byte stageOrdinal = in.get();
                Stage stage = stageOrdinal < 0 ? null : Stage.values()[stageOrdinal];
                Instant seenAt = Instant.ofEpochMilli(in.getLong());
                String eventId = string(in);
                String itemId = string(in);
                int count = in.getShort();
                List<String> references = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    references.add(string(in));
                }
                return new StoryPrint(eventId, itemId, hash, lead, numbers, measure, stage, seenAt, references);
            } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
                // IndexOutOfBounds also covers a measure or stage this version does not know.
                throw new SerializationException("cannot read a story print", e);
            }
        };
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
