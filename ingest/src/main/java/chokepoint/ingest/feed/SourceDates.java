package chokepoint.ingest.feed;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as government sites write them, read in the publisher's zone: {@code 2025年10月09日} (MOFCOM's pages),
 * {@code [2026-09-29]} (its listings), {@code 2026-09-29 17:03} (its {@code PubDate} meta tag and the export-control
 * site's {@code publishTimeStr}), {@code 2026/09/29}, and ISO-8601 with an offset. A date that names no existing day
 * is no date.
 */
public final class SourceDates {

    private static final Pattern CHINESE = Pattern.compile("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日");
    private static final Pattern NUMERIC = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?");

    private SourceDates() {
    }

    /** The instant the text names, or null when it names none. */
    public static Instant parse(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException notIsoWithOffset) {
            // the forms below
        }
        try {
            Matcher chinese = CHINESE.matcher(trimmed);
            if (chinese.find()) {
                return day(chinese.group(1), chinese.group(2), chinese.group(3)).atStartOfDay(zone).toInstant();
            }
            Matcher numeric = NUMERIC.matcher(trimmed);
            if (numeric.find()) {
                LocalDate day = day(numeric.group(1), numeric.group(2), numeric.group(3));
                if (numeric.group(4) == null) {
                    return day.atStartOfDay(zone).toInstant();
                }
                LocalTime time = LocalTime.of(Integer.parseInt(numeric.group(4)), Integer.parseInt(numeric.group(5)),
                        numeric.group(6) == null ? 0 : Integer.parseInt(numeric.group(6)));
                return day.atTime(time).atZone(zone).toInstant();
            }
        } catch (RuntimeException impossible) {
            return null;
        }
        return null;
    }

    private static LocalDate day(String year, String month, String day) {
        return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
    }
}
