package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Indicator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Turns an indicator into one {@link RuleHit} per rule in force that counts it and per group it falls in. */
final class SelectRules implements Processor<String, Indicator, String, RuleHit> {

    private final RuleBook book;
    private ProcessorContext<String, RuleHit> context;

    SelectRules(RuleBook book) {
        this.book = book;
    }

    @Override
    public void init(ProcessorContext<String, RuleHit> context) {
        this.context = context;
        book.loadFrom(context.getStateStore(RuleBook.STORE));
    }

    @Override
    public void process(Record<String, Indicator> record) {
        for (ThresholdRule rule : book.all()) {
            if (RuleSelector.selects(rule, record.value())) {
                for (String group : RuleSelector.groupKeys(rule, record.value())) {
                    RuleHit hit = new RuleHit(rule.id(), group, record.value());
                    context.forward(record.withKey(hit.stateKey()).withValue(hit));
                }
            }
        }
    }
}
