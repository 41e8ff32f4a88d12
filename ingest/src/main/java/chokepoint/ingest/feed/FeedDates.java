package chokepoint.ingest.feed;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Second thoughts on a date a parser accepted: Rome reads {@code 2025-13-45} leniently as 14 February 2026, and
 * year 0001 as a date like any other. A date whose written day or month does not exist, or that lies before 1900, is
 * not believed: the item keeps the raw text and is placed at its fetch time.
 */
final class FeedDates {

    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern RFC_822 = Pattern.compile("(\\d{1,2})\\s+([A-Za-z]{3})[a-z]*\\.?\\s+(\\d{2,4})");

    private FeedDates() {
    }

    /** {@code parsed}, or null when the raw text names a day that does not exist or the date is implausibly old. */
    static Instant believable(String raw, Instant parsed) {
        if (parsed == null || parsed.isBefore(EARLIEST)) {
            return null;
        }
        if (raw == null) {
            return parsed;
        }
        Matcher iso = ISO.matcher(raw);
        if (iso.find() && !exists(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)), Integer.parseInt(iso.group(3)))) {
            return null;
        }
        Matcher rfc = RFC_822.matcher(raw);
        if (rfc.find()) {
            Month month = month(rfc.group(2));
            int year = Integer.parseInt(rfc.group(3));
            if (month == null || !exists(year < 100 ? 2000 + year : year, month.getValue(), Integer.parseInt(rfc.group(1)))) {
                return null;
            }
        }
        return parsed;
    }

    private static boolean exists(int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        return day <= LocalDate.of(year, month, 1).lengthOfMonth();
    }

    private static Month month(String abbreviation) {
        for (Month month : Month.values()) {
            if (month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(abbreviation)) {
                return month;
            }
        }
        return null;
    }
}
