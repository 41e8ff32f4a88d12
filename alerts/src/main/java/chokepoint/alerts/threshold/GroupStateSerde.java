package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Json;
import chokepoint.topics.JsonSerde;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code threshold-groups} store's values in a fixed binary layout behind a version byte: every rule hit reads
 * and writes its group, and the profile of a thousand rules showed binary JSON (the rule with its durations, the
 * times as decimals) as the largest part of that. The rule, which changes seldom, is kept as binary JSON and its
 * bytes are remembered both ways, so an unchanged rule is neither written nor read again.
 *
 * <p>Records written before this layout are binary JSON (Smile, which begins with {@code ':'}); they are still read,
 * and written in this layout the next time their group changes, so an upgrade keeps every window.
 *
 * <p>Version 2 has version 1's layout and a looser meaning: the clock and figures are those of the last write, and
 * the group's references newer than that clock count too ({@link GroupStates}). Both are read alike (a version 1
 * record has no newer references); a build that knows only version 1 refuses version 2 records rather than count
 * from stale figures, so there is no downgrade past this change (docs/operations.md).
 */
final class GroupStateSerde implements Serde<GroupState> {

    /** The first byte of a record in this layout; binary JSON begins with ':' (its header) or '{'. */
    static final byte VERSION = 2;
    /** The first byte of the same layout written by builds whose stored figures were always up to date. */
    static final byte FIGURES_UP_TO_DATE = 1;
    /** Rules remembered by their bytes and bytes by their rule; emptied when full (a rule set is far smaller). */
    private static final int REMEMBERED_RULES = 10_000;

    private final Deserializer<GroupState> legacy = JsonSerde.state(GroupState.class).deserializer();
    private final ObjectWriter ruleWriter = Json.STATE_MAPPER.writerFor(ThresholdRule.class);
    private final ObjectReader ruleReader = Json.STATE_MAPPER.readerFor(ThresholdRule.class);
    // Shared by every task and stream thread of the application: the stores are built from one serde.
    private final Map<ThresholdRule, byte[]> bytesOfRule = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, ThresholdRule> ruleOfBytes = new ConcurrentHashMap<>();

    @Override
    public Serializer<GroupState> serializer() {
        return (topic, group) -> group == null ? null : write(group);
    }

    @Override
    public Deserializer<GroupState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == 0 || bytes[0] != VERSION && bytes[0] != FIGURES_UP_TO_DATE) {
                return legacy.deserialize(topic, bytes);
            }
            try {
                return read(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("not a valid GroupState on " + topic + ": " + e.getMessage(), e);
            }
        };
    }

    private byte[] write(GroupState group) {
        try {
            byte[] rule = ruleBytes(group.rule());
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(rule.length + 96);
            DataOutputStream out = new DataOutputStream(buffer);
            out.writeByte(VERSION);
            out.writeInt(rule.length);
            out.write(rule);
            writeInstant(out, group.newest());
            out.writeInt(group.count());
            out.writeLong(group.severitySum());
            out.writeInt(group.baselineCount());
            Episode open = group.open();
            out.writeBoolean(open != null);
            if (open != null) {
                out.writeUTF(open.breachId());
                writeInstant(out, open.firedAt());
                writeInstant(out, open.resolvedAt());
            }
            writeInstant(out, group.forgotten());
            writeInstant(out, group.due());
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write GroupState", e);
        }
    }

    private GroupState read(byte[] bytes) throws IOException {
        ByteBuffer whole = ByteBuffer.wrap(bytes);
        whole.get();
        int ruleLength = whole.getInt();
        ThresholdRule rule = rule(ByteBuffer.wrap(bytes, 5, ruleLength).slice());
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 5 + ruleLength,
                bytes.length - 5 - ruleLength));
        Instant newest = readInstant(in);
        int count = in.readInt();
        long severitySum = in.readLong();
        int baselineCount = in.readInt();
        Episode open = in.readBoolean() ? new Episode(in.readUTF(), readInstant(in), readInstant(in)) : null;
        Instant forgotten = readInstant(in);
        Instant due = readInstant(in);
        return new GroupState(rule, newest, count, severitySum, baselineCount, open, forgotten, due);
    }

    private byte[] ruleBytes(ThresholdRule rule) throws IOException {
        byte[] known = bytesOfRule.get(rule);
        if (known != null) {
            return known;
        }
        byte[] bytes = ruleWriter.writeValueAsBytes(rule);
        remember(rule, bytes);
        return bytes;
    }

    private ThresholdRule rule(ByteBuffer bytes) throws IOException {
        ThresholdRule known = ruleOfBytes.get(bytes);
        if (known != null) {
            return known;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        ThresholdRule rule = ruleReader.readValue(copy);
        remember(rule, copy);
        return rule;
    }

    private void remember(ThresholdRule rule, byte[] bytes) {
        if (bytesOfRule.size() >= REMEMBERED_RULES || ruleOfBytes.size() >= REMEMBERED_RULES) {
            bytesOfRule.clear();
            ruleOfBytes.clear();
        }
        bytesOfRule.put(rule, bytes);
        ruleOfBytes.put(ByteBuffer.wrap(bytes), rule);
    }

    private static void writeInstant(DataOutputStream out, Instant at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
