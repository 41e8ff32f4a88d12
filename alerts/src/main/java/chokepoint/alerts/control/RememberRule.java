package chokepoint.alerts.control;

import chokepoint.config.ThresholdRule;
import chokepoint.topics.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads the rules topic back into the rule change processor's store, keeping the newer version: after a Streams
 * reset, or on the first start, it is how the processor learns every rule, its origin and its deletions.
 */
final class RememberRule implements Processor<String, byte[], Void, Void> {

    private KeyValueStore<String, ThresholdRule> rules;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        rules = context.getStateStore(RuleChangeProcessor.STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        ThresholdRule rule;
        try {
            rule = Topics.RULES.valueSerde().deserializer().deserialize(Topics.RULES.name(), record.value());
        } catch (RuntimeException unreadable) {
            return;
        }
        ThresholdRule stored = rules.get(record.key());
        long version = rule == null || rule.meta() == null ? 0 : rule.meta().version();
        long storedVersion = stored == null || stored.meta() == null ? 0 : stored.meta().version();
        if (rule != null && (stored == null || version > storedVersion)) {
            rules.put(record.key(), rule);
        }
    }
}
