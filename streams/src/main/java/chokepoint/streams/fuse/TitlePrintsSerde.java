package chokepoint.streams.fuse;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact binary form for the title prints of a band: they are read and rewritten for every item, four bands at
 * a time, so JSON would cost more than the fusion itself. Version byte first, so the format can change.
 */
public final class TitlePrintsSerde implements Serde<TitlePrints> {

    private static final byte VERSION = 2;

    @Override
    public Serializer<TitlePrints> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + value.prints().size() * 48);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                out.writeInt(value.prints().size());
                for (TitlePrint print : value.prints()) {
                    out.writeUTF(print.eventId());
                    out.writeLong(print.hash());
                    out.writeLong(print.seenAt().toEpochMilli());
                    out.writeShort(print.references().size());
                    for (String reference : print.references()) {
                        out.writeUTF(reference);
                    }
                }
            } catch (IOException e) {
                throw new SerializationException("cannot write title prints", e);
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<TitlePrints> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                byte version = in.readByte();
                if (version != VERSION) {
                    throw new SerializationException("title prints in unknown format " + version);
                }
                int size = in.readInt();
                List<TitlePrint> prints = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    String eventId = in.readUTF();
                    long hash = in.readLong();
                    Instant seenAt = Instant.ofEpochMilli(in.readLong());
                    int references = in.readShort();
                    List<String> refs = new ArrayList<>(references);
                    for (int r = 0; r < references; r++) {
                        refs.add(in.readUTF());
                    }
                    prints.add(new TitlePrint(eventId, hash, seenAt, refs));
                }
                return new TitlePrints(prints);
            } catch (IOException e) {
                throw new SerializationException("cannot read title prints", e);
            }
        };
    }
}
