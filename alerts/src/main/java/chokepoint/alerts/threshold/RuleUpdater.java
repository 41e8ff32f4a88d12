package chokepoint.alerts.threshold;

import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import chokepoint.topics.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Keeps the global rules store and the {@link RuleBook} in step with the {@code chokepoint.rules} topic. A record
 * that is not a valid rule is refused with a log line and the rules in force stay as they were: the API validates
 * before writing, so such a record can only come from someone writing to the topic by hand.
 */
final class RuleUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(RuleUpdater.class);

    private final RuleBook book;
    private KeyValueStore<String, ThresholdRule> store;

    RuleUpdater(RuleBook book) {
        this.book = book;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(RuleBook.STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            book.put(record.key(), null);
            return;
        }
        ThresholdRule rule;
        try {
            rule = Topics.RULES.valueSerde().deserializer().deserialize(Topics.RULES.name(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("rule {} refused, keeping the rules in force: {}", record.key(), e.getMessage());
            return;
        }
        List<String> problems = ConfigLoader.problemsOf(rule);
        if (!problems.isEmpty() || !record.key().equals(rule.id())) {
            LOG.warn("rule {} refused, keeping the rules in force: {}", record.key(),
                    problems.isEmpty() ? "key and id differ" : problems);
            return;
        }
        if (rule.deleted()) {
            // A deletion is kept on the topic (so the configuration file cannot bring the rule back): here it is gone.
            store.delete(record.key());
            book.put(record.key(), null);
            return;
        }
        store.put(record.key(), rule);
        book.put(record.key(), rule);
    }
}
