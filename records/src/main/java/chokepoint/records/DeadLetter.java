package chokepoint.records;

import java.time.Instant;

/**
 * A record that could not be processed, on {@code chokepoint.dead-letters}, with where it came from and why.
 * The original bytes are kept (base64) so it can be inspected and replayed.
 */
public record DeadLetter(String stage, String topic, int partition, long offset, String error, String keyBase64,
                         String valueBase64, Instant failedAt) {
}
