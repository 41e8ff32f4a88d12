package chokepoint.records;

import java.time.Instant;
import java.util.Base64;

/**
 * A record that could not be processed, on {@code chokepoint.dead-letters}, with where it came from and why.
 * The original bytes are kept (base64) so it can be inspected and replayed.
 */
public record DeadLetter(String stage, String topic, int partition, long offset, String error, String keyBase64,
                         String valueBase64, Instant failedAt) implements Complete {
    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"stage"}, stage);
    }


    /** A dead letter for a record read at {@code topic-partition@offset} that {@code stage} could not process. */
    public static DeadLetter of(String stage, String topic, int partition, long offset, Exception error, byte[] key,
                                byte[] value, Instant now) {
        return new DeadLetter(stage, topic, partition, offset, error.getClass().getSimpleName() + ": " + error.getMessage(),
                key == null ? null : Base64.getEncoder().encodeToString(key),
                value == null ? null : Base64.getEncoder().encodeToString(value), now);
    }
}
