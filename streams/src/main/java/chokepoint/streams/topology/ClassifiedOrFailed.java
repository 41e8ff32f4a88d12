package chokepoint.streams.topology;

import chokepoint.records.DeadLetter;
import chokepoint.records.Indicator;

/** The outcome of classifying one raw record: an indicator, or a dead letter saying why not. */
record ClassifiedOrFailed(Indicator indicator, DeadLetter deadLetter) {

    static ClassifiedOrFailed classified(Indicator indicator) {
        return new ClassifiedOrFailed(indicator, null);
    }

    static ClassifiedOrFailed failed(DeadLetter deadLetter) {
        return new ClassifiedOrFailed(null, deadLetter);
    }

    boolean isFailure() {
        return deadLetter != null;
    }
}
