package chokepoint.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a publisher publishes, written {@code "Mon-Fri 08:45-10:00"} (days: {@code daily}, a range {@code Mon-Fri} or
 * a list {@code Mon,Wed,Fri}; hours in the source's zone, the end after the start).
 */
public record PublishingWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    private static final Pattern FORM = Pattern.compile("(?i)\\s*(daily|[a-z]{3}(?:-[a-z]{3}|(?:,[a-z]{3})*))\\s+(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})\\s*");

    public static PublishingWindow parse(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Matcher m = FORM.matcher(text);
        m.matches();
        return new PublishingWindow(days(m.group(1)), time(m.group(2)), time(m.group(3)));
    }

    /** What is wrong with {@code text} as a window, or null. */
    public static String problem(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            return "a window is written like 'Mon-Fri 08:45-10:00' or 'daily 09:00-18:00'";
        }
        try {
            days(m.group(1));
            if (!time(m.group(2)).isBefore(time(m.group(3)))) {
                return "the window ends before it starts: " + text;
            }
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        return null;
    }

    public boolean contains(ZonedDateTime at) {
        LocalTime time = at.toLocalTime();
        return days.contains(at.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
    }

    @Override
    public String toString() {
        return describeDays() + " " + from + "-" + to;
    }

    private String describeDays() {
        if (days.size() == 7) {
            return "daily";
        }
        if (days.equals(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY))) {
            return "Mon-Fri";
        }
        return String.join(",", days.stream().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).toList());
    }

    private static Set<DayOfWeek> days(String text) {
        if (text.equalsIgnoreCase("daily")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        if (text.contains("-")) {
            DayOfWeek first = day(text.substring(0, 3));
            DayOfWeek last = day(text.substring(4, 7));
            Set<DayOfWeek> range = EnumSet.noneOf(DayOfWeek.class);
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                range.add(d);
                if (d == last) {
                    return range;
                }
            }
        }
        Set<DayOfWeek> list = EnumSet.noneOf(DayOfWeek.class);
        for (String one : text.split(",")) {
            list.add(day(one));
        }
        return list;
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(abbreviation)) {
                return d;
            }
        }
        throw new IllegalArgumentException("not a day: " + abbreviation + " (Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    }

    private static LocalTime time(String text) {
        String[] parts = text.split(":");
        return LocalTime.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }
}
