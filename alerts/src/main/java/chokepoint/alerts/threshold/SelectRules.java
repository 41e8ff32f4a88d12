package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.Indicator;
import chokepoint.topics.JsonSerde;
import com.fasterxml.jackson.databind.ObjectReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns an indicator into one {@link RuleHit} per rule in force that counts it and per group it falls in, looked up
 * in one step ({@link RuleIndex}), sent as one {@link RuleHits} record per partition of the repartition topic. An indicator is published again when fusion gathers another copy or an analyst
 * corrects it: the groups it was counted in are remembered ({@code threshold-counted}, by indicator id), so that
 * those it no longer falls in get a retraction and nothing is counted twice.
 */
final class SelectRules implements Processor<String, Indicator, String, RuleHits> {

    static final String COUNTED = "threshold-counted";
    private static final Duration PRUNE_EVERY = Duration.ofDays(1);

    /** Where an indicator was counted: its reference as counted, and the groups. */
    record Counted(Breach.IndicatorRef ref, List<String> stateKeys) {
    }

    /** What the daily pruning reads of a {@link Counted}: its time, the rest skipped unread. */
    record CountedAt(RefAt ref) {
    }

    /** The time of a {@link Counted}'s reference. */
    record RefAt(Instant occurredAt) {
    }

    /**
     * A {@link Counted} is kept as a version byte, its reference's time (seconds and nanoseconds) and the record as
     * binary JSON, so that the daily pruning reads thirteen bytes of each; records kept before (binary JSON alone,
     * which begins with ':') are read whole.
     */
    private static final byte VERSION = 1;
    private static final int HEADER = 13;
    private static final Serde<Counted> SERDE = JsonSerde.with(Counted.class, StateJson.MAPPER);
    private static final ObjectReader TIME_ONLY = StateJson.MAPPER.readerFor(CountedAt.class);

    private final RuleBook book;
    private final boolean countBaseline;
    private final int partitions;
    private ProcessorContext<String, RuleHits> context;
    private KeyValueStore<String, byte[]> counted;

    /**
     * @param countBaseline whether items of a source's first poll count: not live (they are not news), but in a
     *                      replay, which asks what would have fired had the sources been watched then
     */
    SelectRules(RuleBook book, boolean countBaseline, int partitions) {
        this.book = book;
        this.countBaseline = countBaseline;
        this.partitions = partitions;
    }

    @Override
    public void init(ProcessorContext<String, RuleHits> context) {
        this.context = context;
        this.counted = context.getStateStore(COUNTED);
        book.loadFrom(context.getStateStore(RuleBook.STORE));
        context.schedule(PRUNE_EVERY, PunctuationType.STREAM_TIME, this::forgetOld);
    }

    @Override
    public void process(Record<String, Indicator> record) {
        Indicator indicator = record.value();
        Breach.IndicatorRef ref = Breach.IndicatorRef.of(indicator);
        Set<String> now = new LinkedHashSet<>();
        if (!indicator.baseline() || countBaseline) {
            for (ThresholdRule rule : book.index().selecting(indicator)) {
                for (String group : RuleSelector.groupKeys(rule, indicator)) {
                    now.add(RuleHit.stateKey(rule.id(), group));
                }
            }
        }
        Counted before = read(counted.get(indicator.id()));
        boolean same = before != null && before.ref().equals(ref);
        List<List<RuleHit>> byPartition = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            byPartition.add(new ArrayList<>());
        }
        if (before != null) {
            for (String stateKey : before.stateKeys()) {
                if (!now.contains(stateKey) || !before.ref().occurredAt().equals(ref.occurredAt())) {
                    byPartition.get(RuleHits.partitionOf(stateKey, partitions))
                            .add(RuleHit.retract(ruleOf(stateKey), groupOf(stateKey), before.ref()));
                }
            }
        }
        for (String stateKey : now) {
            if (!same || !before.stateKeys().contains(stateKey)) {
                byPartition.get(RuleHits.partitionOf(stateKey, partitions)).add(RuleHit.add(ruleOf(stateKey), groupOf(stateKey), ref));
            }
        }
        for (int p = 0; p < partitions; p++) {
            if (!byPartition.get(p).isEmpty()) {
                context.forward(new Record<>(String.valueOf(p), RuleHits.of(ref, byPartition.get(p)), record.timestamp(), record.headers()));
            }
        }
        if (!now.isEmpty() && !(same && before.stateKeys().equals(List.copyOf(now)))) {
            counted.put(indicator.id(), write(new Counted(ref, List.copyOf(now))));
        } else if (now.isEmpty() && before != null) {
            counted.delete(indicator.id());
        }
    }

    private static byte[] write(Counted counted) {
        byte[] json = SERDE.serializer().serialize(COUNTED, counted);
        return ByteBuffer.allocate(HEADER + json.length).put(VERSION).putLong(counted.ref().occurredAt().getEpochSecond())
                .putInt(counted.ref().occurredAt().getNano()).put(json).array();
    }

    private static Counted read(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes[0] != VERSION) {
            return SERDE.deserializer().deserialize(COUNTED, bytes);
        }
        return SERDE.deserializer().deserialize(COUNTED, Arrays.copyOfRange(bytes, HEADER, bytes.length));
    }

    private static Instant timeOf(byte[] counted) {
        if (counted.length >= HEADER && counted[0] == VERSION) {
            ByteBuffer header = ByteBuffer.wrap(counted, 1, HEADER - 1);
            return Instant.ofEpochSecond(header.getLong(), header.getInt());
        }
        try {
            CountedAt at = TIME_ONLY.readValue(counted);
            return at.ref().occurredAt();
        } catch (IOException e) {
            throw new SerializationException("not a valid Counted in " + COUNTED + ": " + e.getMessage(), e);
        }
    }

    private static String ruleOf(String stateKey) {
        return stateKey.substring(0, stateKey.indexOf('|'));
    }

    private static String groupOf(String stateKey) {
        return stateKey.substring(stateKey.indexOf('|') + 1);
    }

    /** Forgets indicators older than every rule's memory: no group remembers them any more. */
    private void forgetOld(long streamTime) {
        Duration longest = book.all().stream().map(ThresholdRule::memory).max(Duration::compareTo).orElse(Duration.ZERO);
        Instant horizon = Instant.ofEpochMilli(streamTime).minus(longest);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = counted.all()) {
            all.forEachRemaining(entry -> {
                if (timeOf(entry.value).isBefore(horizon)) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(counted::delete);
    }
}
