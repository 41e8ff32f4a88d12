package chokepoint.alerts.delivery;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a global store a copy of its compacted topic, bytes as they are: a record that cannot be read is stored and
 * skipped when looked up, so that it cannot stop the global thread (a breach record once stopped a global table that
 * way). Optionally notes how far it has read ({@link LogProgress}).
 */
final class TopicCopy implements Processor<String, byte[], Void, Void> {

    private final String storeName;
    private final LogProgress progress;
    private KeyValueStore<String, byte[]> store;
    private ProcessorContext<Void, Void> context;

    /** @param progress where to note the offsets read, or null */
    TopicCopy(String storeName, LogProgress progress) {
        this.storeName = storeName;
        this.progress = progress;
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
