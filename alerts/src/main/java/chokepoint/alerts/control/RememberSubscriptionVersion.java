package chokepoint.alerts.control;

import chokepoint.records.Subscription;
import chokepoint.topics.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads the subscriptions topic back into the change processor's version store, keeping the higher version: in
 * normal running the store is already ahead (it is written in the same transaction as the topic); after a Streams
 * reset, or on the first start of this application, it is how the store learns the versions the subscriptions carry.
 */
final class RememberSubscriptionVersion implements Processor<String, byte[], Void, Void> {

    private KeyValueStore<String, Long> versions;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        versions = context.getStateStore(SubscriptionChangeProcessor.STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        Subscription subscription;
        try {
            subscription = Topics.SUBSCRIPTIONS.valueSerde().deserializer().deserialize(Topics.SUBSCRIPTIONS.name(), record.value());
        } catch (RuntimeException unreadable) {
            // The subscription readers skip and count what they cannot read; here there is nothing to learn from it.
            return;
        }
        Long stored = versions.get(record.key());
        if (subscription != null && (stored == null || subscription.version() > stored)) {
            versions.put(record.key(), subscription.version());
        }
    }
}
