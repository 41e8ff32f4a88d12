package chokepoint.streams.topology;

import chokepoint.records.DeadLetter;
import chokepoint.streams.fuse.StoryCopy;

/** The outcome of classifying one raw record: a classified copy, or a dead letter saying why not. */
record ClassifiedOrFailed(StoryCopy copy, DeadLetter deadLetter) {

    static ClassifiedOrFailed classified(StoryCopy copy) {
        return new ClassifiedOrFailed(copy, null);
    }

    static ClassifiedOrFailed failed(DeadLetter deadLetter) {
        return new ClassifiedOrFailed(null, deadLetter);
    }

    boolean isFailure() {
        return deadLetter != null;
    }
}
