package chokepoint.alerts.web.validation;

import java.time.Instant;
import java.util.List;

/**
 * The dates the API takes ({@code from}, {@code to} of dossiers, events and replays, {@code until} of silences) lie
 * between 1970 and 2200. Kafka's timestamps start at 1970 (an earlier one is refused by its clients with an exception,
 * which was a 500), and nothing Chokepoint watches is dated after 2200: outside, a request is a mistake, and it is
 * answered 400 with the field named.
 */
public final class ApiDates {

    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private ApiDates() {
    }

    /** Adds {@code field: between 1970-01-01 and 2200-01-01} to {@code problems} when {@code date} is outside. */
    public static void check(Instant date, String field, List<String> problems) {
        if (date != null && (date.isBefore(EARLIEST) || date.isAfter(LATEST))) {
            problems.add(field + ": between 1970-01-01 and 2200-01-01");
        }
    }
}
