package chokepoint.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads a Retry-After header: delta-seconds or an HTTP date (RFC 9110 §10.2.3), never more than the caller's cap: a
 * server asking for a week is asking to be left alone, and the caller backs off its own way instead of sleeping a
 * week (a delivery loop that slept past Kafka's poll interval was evicted from its group).
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait asked for, at most {@code cap}; null when the header is missing or unreadable. */
    public static Duration parse(String value, Duration cap) {
        return parse(value, cap, Clock.systemUTC());
    }

    static Duration parse(String value, Duration cap, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        Duration asked;
        if (trimmed.chars().allMatch(Character::isDigit)) {
            asked = trimmed.length() > 12 ? cap : Duration.ofSeconds(Long.parseLong(trimmed));
        } else {
            try {
                asked = Duration.between(ZonedDateTime.now(clock),
                        ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException notADate) {
                return null;
            }
            if (asked.isNegative()) {
                asked = Duration.ZERO;
            }
        }
        return asked.compareTo(cap) > 0 ? cap : asked;
    }
}
