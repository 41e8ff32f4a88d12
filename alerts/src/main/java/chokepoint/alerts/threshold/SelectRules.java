package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Indicator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Turns an indicator into one {@link RuleHit} per rule in force that counts it and per group it falls in. */
final class SelectRules implements Processor<String, Indicator, String, RuleHit> {

    private final RuleBook book;
    private final boolean countBaseline;
    private ProcessorContext<String, RuleHit> context;

    /**
     * @param countBaseline whether items of a source's first poll count: not live (they are not news), but in a
     *                      replay, which asks what would have fired had the sources been watched then
     */
    SelectRules(RuleBook book, boolean countBaseline) {
        this.book = book;
        this.countBaseline = countBaseline;
    }

    @Override
    public void init(ProcessorContext<String, RuleHit> context) {
        this.context = context;
        book.loadFrom(context.getStateStore(RuleBook.STORE));
    }

    @Override
    public void process(Record<String, Indicator> record) {
        if (record.value().baseline() && !countBaseline) {
            return;
        }
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
