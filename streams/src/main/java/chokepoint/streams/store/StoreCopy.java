package chokepoint.streams.store;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Keeps a global store a copy of its compacted topic, bytes as they are: a record that cannot be read is stored and
 * skipped when looked up, so that it cannot stop the global thread (a breach record once stopped a global table that
 * way). Optionally notes how far it has read ({@link ReadProgress}).
 */
public final class StoreCopy implements Processor<String, byte[], Void, Void> {

    private final String storeName;
    private final ReadProgress progress;
    private KeyValueStore<String, byte[]> store;
    private ProcessorContext<Void, Void> context;

    private StoreCopy(String storeName, ReadProgress progress) {
        this.storeName = storeName;
        this.progress = progress;
    }

    /**
     * Adds to {@code builder} a global store that copies {@code topic}, read from the source named {@code sourceName}.
     *
     * @param progress where to note the offsets read, or null
     */
    public static void add(StreamsBuilder builder, KeyValueBytesStoreSupplier store, String topic, String sourceName,
                           ReadProgress progress) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(store, Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(sourceName),
                () -> new StoreCopy(store.name(), progress));
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
    }
}
