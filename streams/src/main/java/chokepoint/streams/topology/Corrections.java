package chokepoint.streams.topology;

import chokepoint.records.Correction;
import chokepoint.records.Indicator;
import chokepoint.records.Measure;
import chokepoint.streams.classify.Severity;
import chokepoint.streams.fuse.FuseProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Analysts' corrections in the classifier's topology. {@link Receive} keeps each correction (keyed by indicator id)
 * and re-emits the indicator it corrects under the same key, marked corrected with who and when, so that everything
 * downstream (the indicators topic, thresholds, the register, the page) sees the corrected one in its place; a
 * withdrawn correction (a tombstone) re-emits the classifier's own reading. {@link Keep} applies a kept correction to
 * every later emission of the same event (a new copy of the story joining it), so a correction is not undone by the
 * next copy. Both run in fusion's task, beside the events store.
 */
final class Corrections {

    /** The corrections received, by indicator id. */
    static final String STORE = "corrections";

    /** The severity of a corrected measure, as the rules score it. */
    interface Scorer {
        Severity.Score score(Indicator indicator, Correction correction);
    }

    private Corrections() {
    }

    static Indicator apply(Indicator indicator, Correction correction, Scorer scorer) {
        Severity.Score score = correction.measure() == Measure.NONE ? new Severity.Score(0, java.util.List.of())
                : scorer.score(indicator, correction);
        return indicator.corrected(correction, score.value(), score.reasons());
    }

    /** Corrections in: keep, then re-emit the corrected event (when fusion holds it). */
    static final class Receive implements Processor<String, Correction, String, Indicator> {
        private final Scorer scorer;
        private KeyValueStore<String, Correction> corrections;
        private KeyValueStore<String, Indicator> events;
        private ProcessorContext<String, Indicator> context;

        Receive(Scorer scorer) {
            this.scorer = scorer;
        }

        @Override
        public void init(ProcessorContext<String, Indicator> context) {
            this.context = context;
            this.corrections = context.getStateStore(STORE);
            this.events = context.getStateStore(FuseProcessor.EVENTS);
        }

        @Override
        public void process(Record<String, Correction> record) {
            if (record.key() == null) {
                return;
            }
            Correction correction = record.value();
            if (correction == null) {
                corrections.delete(record.key());
            } else {
                corrections.put(record.key(), correction);
            }
            Indicator event = events.get(record.key());
            if (event == null) {
                return;   // not (or no longer) held: kept, and applied if the story comes again
            }
            context.forward(record.withValue(correction == null ? event : apply(event, correction, scorer)));
        }
    }

    /** Every event fusion emits, with its correction if an analyst made one. */
    static final class Keep implements FixedKeyProcessor<String, Indicator, Indicator> {
        private final Scorer scorer;
        private KeyValueStore<String, Correction> corrections;
        private FixedKeyProcessorContext<String, Indicator> context;

        Keep(Scorer scorer) {
            this.scorer = scorer;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Indicator> context) {
            this.context = context;
            this.corrections = context.getStateStore(STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, Indicator> record) {
            Correction correction = record.key() == null || record.value() == null ? null : corrections.get(record.key());
            context.forward(correction == null ? record : record.withValue(apply(record.value(), correction, scorer)));
        }
    }
}
