package chokepoint.topics;

import java.time.Duration;
import java.time.Instant;

/**
 * The timestamp a record may carry on a topic. Records carry the time things happened, so that windows downstream run
 * on event time; but Kafka refuses a timestamp ahead of the broker's clock by more than
 * {@code message.timestamp.after.max.ms} (one hour by default), a negative one cannot even be put in a record (an
 * item dated 1969 wedged the ingest transaction), and a record older than its topic's retention may be deleted at
 * once. So the time is kept within [now − retention + a day, now]; the true time stays in the record's value.
 */
public final class RecordTime {

    /** Room between the oldest timestamp allowed and the retention, so that a record is not deleted on arrival. */
    private static final Duration RETENTION_MARGIN = Duration.ofDays(1);

    private RecordTime() {
    }

    /** Epoch milliseconds for a record of {@code topic} about something that happened at {@code happened}. */
    public static long of(Instant happened, Instant now, Topic<?, ?> topic) {
        Instant earliest = Instant.EPOCH;
        if (!topic.compacted() && topic.retention() != null) {
            Instant horizon = now.minus(topic.retention()).plus(RETENTION_MARGIN);
            earliest = horizon.isAfter(earliest) ? horizon : earliest;
        }
        Instant time = happened == null || happened.isAfter(now) ? now : happened;
        return (time.isBefore(earliest) ? earliest : time).toEpochMilli();
    }
}
