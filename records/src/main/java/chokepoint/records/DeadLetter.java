package chokepoint.records;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A record that could not be processed, on {@code chokepoint.dead-letters}, with where it came from and why.
 * The original key and value are kept as base64 up to {@link #KEPT_BYTES} each, with the value's full length and its
 * SHA-256, so that it can be inspected and found again at its offset. The whole value is not kept: a 900 KB record
 * grew to 1.2 MB as base64, over the producer's limit, and the failed send stopped the stream thread for good.
 */
public record DeadLetter(String stage, String topic, int partition, long offset, String error, String keyBase64,
                         String valueBase64, Instant failedAt, Integer valueLength, String valueSha256,
                         Boolean valueTruncated) implements Complete {

    /** The most of a key or a value a dead letter carries: far under the broker's 1 MB, even four times over. */
    public static final int KEPT_BYTES = 64 * 1024;
    /** An error message this long says all it can; a longer one may quote the whole record. */
    private static final int ERROR_CHARS = 2_000;

    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"stage"}, stage);
    }

    /** A dead letter for a record read at {@code topic-partition@offset} that {@code stage} could not process. */
    public static DeadLetter of(String stage, String topic, int partition, long offset, Exception error, byte[] key,
                                byte[] value, Instant now) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (message.length() > ERROR_CHARS) {
            message = message.substring(0, ERROR_CHARS) + "…";
        }
        return new DeadLetter(stage, topic, partition, offset, message, prefix(key), prefix(value), now,
                value == null ? null : value.length, value == null ? null : sha256(value),
                value == null ? null : value.length > KEPT_BYTES);
    }

    private static String prefix(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return Base64.getEncoder().encodeToString(bytes.length > KEPT_BYTES ? Arrays.copyOf(bytes, KEPT_BYTES) : bytes);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
