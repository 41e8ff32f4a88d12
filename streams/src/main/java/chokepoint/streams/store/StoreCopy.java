package chokepoint.streams.store;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps a global store a copy of its compacted topic, bytes as they are: a record that cannot be read is stored and
 * skipped when looked up, so that it cannot stop the global thread (a breach record once stopped a global table that
 * way). Optionally notes how far it has read ({@link ReadProgress}), and forgets what its topic's retention has deleted
 * ({@link Expiry}): a topic's retention drops old segments without tombstones, so a copy kept on disk across restarts
 * would otherwise keep every entry the topic ever had.
 */
public final class StoreCopy implements Processor<String, byte[], Void, Void> {

    /**
     * How a copy forgets: the topic keeps a value for {@code retention} after its time, given by {@code timeOf} (null:
     * kept). Global processors cannot schedule punctuations, so the copy looks once a day of its records' time.
     */
    public record Expiry(Duration retention, Function<byte[], Instant> timeOf) {
    }

    private static final Duration PRUNE_EVERY = Duration.ofDays(1);

    private final String storeName;
    private final ReadProgress progress;
    private final Expiry expiry;
    private KeyValueStore<String, byte[]> store;
    private ProcessorContext<Void, Void> context;
    private long nextPrune = Long.MIN_VALUE;

    private StoreCopy(String storeName, ReadProgress progress, Expiry expiry) {
        this.storeName = storeName;
        this.progress = progress;
        this.expiry = expiry;
    }

    /**
     * Adds to {@code builder} a global store that copies {@code topic}, read from the source named {@code sourceName}.
     *
     * @param progress where to note the offsets read, or null
     */
    public static void add(StreamsBuilder builder, KeyValueBytesStoreSupplier store, String topic, String sourceName,
                           ReadProgress progress) {
        add(builder, store, topic, sourceName, progress, null);
    }

    /** As {@link #add(StreamsBuilder, KeyValueBytesStoreSupplier, String, String, ReadProgress)}, forgetting by {@code expiry}. */
    public static void add(StreamsBuilder builder, KeyValueBytesStoreSupplier store, String topic, String sourceName,
                           ReadProgress progress, Expiry expiry) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(store, Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(sourceName),
                () -> new StoreCopy(store.name(), progress, expiry));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() != null) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
        if (progress != null) {
            context.recordMetadata().ifPresent(origin -> progress.reached(origin.partition(), origin.offset() + 1));
        }
        if (expiry != null && record.timestamp() >= nextPrune) {
            forgetBefore(Instant.ofEpochMilli(record.timestamp()).minus(expiry.retention()));
            nextPrune = record.timestamp() + PRUNE_EVERY.toMillis();
        }
    }

    private void forgetBefore(Instant horizon) {
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> {
                Instant time = expiry.timeOf().apply(entry.value);
                if (time != null && time.isBefore(horizon)) {
                    gone.add(entry.key);
                }
            });
        }
        gone.forEach(store::delete);
    }
}
