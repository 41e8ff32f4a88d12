package chokepoint.alerts.control;

import chokepoint.config.ConfigLoader;
import chokepoint.config.RuleChange;
import chokepoint.config.RuleMeta;
import chokepoint.config.ThresholdRule;
import chokepoint.records.DeadLetter;
import chokepoint.topics.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The one writer of {@code chokepoint.rules}: applies each {@link RuleChange} in order and writes the rule with its
 * {@link RuleMeta} (version, origin, who, which change). What an operator says through the API stays said: the
 * configuration file's seeds write a rule only when it was never there (or when the file wrote it and has changed),
 * never over an edit made through the API, and never bring a deleted rule back (a deletion is kept as a record).
 * Rules written before this processor existed carry no meta: a seed equal to one adopts it as the file's, a seed that
 * differs leaves it as it is.
 */
final class RuleChangeProcessor implements Processor<String, byte[], String, Object> {

    static final String STORE = "control-rules";

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ThresholdRule> rules;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.rules = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RuleChange change;
        try {
            change = Topics.RULE_CHANGES.valueSerde().deserializer().deserialize(Topics.RULE_CHANGES.name(), record.value());
            if (change == null || !change.ruleId().equals(record.key())
                    || change.rule() != null && !change.ruleId().equals(change.rule().id())) {
                throw new IllegalArgumentException("a rule change must be keyed by the id of the rule it writes");
            }
            List<String> problems = change.rule() == null ? List.of() : ConfigLoader.problemsOf(change.rule());
            if (!problems.isEmpty() || change.rule() == null && !RuleChange.DELETE.equals(change.action())) {
                throw new IllegalArgumentException("not a valid rule: " + (problems.isEmpty() ? "no rule" : problems));
            }
        } catch (RuntimeException e) {
            RecordMetadata origin = context.recordMetadata().orElse(null);
            context.forward(record.withValue(DeadLetter.of("rule-changes", origin == null ? null : origin.topic(),
                    origin == null ? -1 : origin.partition(), origin == null ? -1 : origin.offset(), e,
                    record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), Instant.now())));
            return;
        }
        ThresholdRule stored = rules.get(change.ruleId());
        ThresholdRule written = decide(change, stored);
        if (written != null) {
            rules.put(change.ruleId(), written);
            context.forward(record.withValue(written));
        }
    }

    /** The rule to write for {@code change} over what is stored, or null when the change writes nothing. */
    private static ThresholdRule decide(RuleChange change, ThresholdRule stored) {
        long next = stored == null || stored.meta() == null ? 1 : stored.meta().version() + 1;
        switch (change.action()) {
            case RuleChange.PUT:
                return change.rule().withMeta(new RuleMeta(next, RuleMeta.API, change.by(), change.at(), change.id(), false));
            case RuleChange.DELETE:
                if (stored == null || stored.deleted()) {
                    return null;
                }
                return stored.withMeta(new RuleMeta(next, RuleMeta.API, change.by(), change.at(), change.id(), true));
            case RuleChange.SEED:
                boolean fileOwns = stored == null
                        || stored.meta() == null && stored.sameRuleAs(change.rule())
                        || stored.meta() != null && RuleMeta.FILE.equals(stored.meta().origin()) && !stored.deleted()
                        && !stored.sameRuleAs(change.rule());
                return fileOwns ? change.rule().withMeta(new RuleMeta(next, RuleMeta.FILE, change.by(), change.at(),
                        change.id(), false)) : null;
            default:
                return null;
        }
    }
}
