package chokepoint.ingest;

import chokepoint.config.PublishingWindow;
import chokepoint.config.SourceConfig;
import chokepoint.records.SourceState;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * When a source is polled next on its publisher's rhythm: more often inside the hours it publishes in, less outside
 * them, with no more requests a week than its fixed {@code interval} makes (so a host's budget is never larger than
 * today's). The windows are the source's own {@code windows} when given (the Federal Register's public inspection at
 * 8:45 Eastern on working days), else learnt from when its items were published ({@link SourceState#hoursOfWeek()}:
 * the busiest hours of the week that together hold {@link #LEARNT_SHARE} of what it published, each with the hour
 * after it, since a page is often seen a little after its stated time); until enough is known, the fixed interval.
 *
 * <p>The week is cut into quarter hours in the publisher's zone. Inside a window the source is polled
 * {@code interval / boost}; outside, at a slower pace chosen so that the week's polls, the first poll at each
 * window's start included, stay within the budget: {@code W·boost/I + E + O/I_out = 168 h / I}, where W and O are
 * the minutes inside and outside, E the windows' starts.
 */
public final class PublishingRhythm {

    /** Inside a window, polls come this many times as often as the fixed interval (less when the windows are wide). */
    static final double BOOST = 4;
    /** The in-window polls take at most this share of the week's budget (the rest: outside, and each window's start). */
    static final double IN_WINDOW_SHARE = 0.75;
    /** Publications needed before windows are learnt. */
    static final int LEARN_AFTER = 8;
    static final double LEARNT_SHARE = 0.8;
    private static final int SLOT_MINUTES = 15;
    private static final int SLOTS = 7 * 24 * 60 / SLOT_MINUTES;
    private static final int WEEK_MINUTES = 7 * 24 * 60;

    private final ZoneId zone;
    private final boolean[] inside;
    private final String origin;
    private final List<PublishingWindow> windows;

    private PublishingRhythm(ZoneId zone, boolean[] inside, String origin, List<PublishingWindow> windows) {
        this.zone = zone;
        this.inside = inside;
        this.origin = origin;
        this.windows = windows;
    }

    /** The source's rhythm: its hand-given windows, else what its state has learnt, else none. */
    public static PublishingRhythm of(SourceConfig source, SourceState state) {
        ZoneId zone = zoneOf(source);
        if (!source.windows().isEmpty()) {
            List<PublishingWindow> given = source.windows().stream().map(PublishingWindow::parse).toList();
            return new PublishingRhythm(zone, slots(given), "given", given);
        }
        List<Integer> hours = state == null ? null : state.hoursOfWeek();
        if (hours == null || hours.size() != 168 || hours.stream().mapToInt(Integer::intValue).sum() < LEARN_AFTER) {
            return new PublishingRhythm(zone, new boolean[SLOTS], "none", List.of());
        }
        List<PublishingWindow> learnt = learn(hours);
        return new PublishingRhythm(zone, slots(learnt), "learnt", learnt);
    }

    /** The zone a source's hours are counted in: its own, else its jurisdiction's. */
    public static ZoneId zoneOf(SourceConfig source) {
        return source.zoneId();
    }

    /** The busiest hours that hold {@link #LEARNT_SHARE} of the publications, each widened by the hour after it. */
    static List<PublishingWindow> learn(List<Integer> hours) {
        int total = hours.stream().mapToInt(Integer::intValue).sum();
        List<Integer> busiest = IntStream.range(0, 168).boxed().filter(h -> hours.get(h) > 0)
                .sorted(Comparator.comparing((Integer h) -> hours.get(h)).reversed().thenComparing(h -> h)).toList();
        boolean[] chosen = new boolean[168];
        int covered = 0;
        for (int hour : busiest) {
            if (covered >= LEARNT_SHARE * total) {
                break;
            }
            chosen[hour] = true;
            chosen[(hour + 1) % 168] = true;
            covered += hours.get(hour);
        }
        List<PublishingWindow> windows = new ArrayList<>();
        for (int day = 0; day < 7; day++) {
            int hour = 0;
            while (hour < 24) {
                if (!chosen[day * 24 + hour]) {
                    hour++;
                    continue;
                }
                int start = hour;
                while (hour < 24 && chosen[day * 24 + hour]) {
                    hour++;
                }
                windows.add(new PublishingWindow(java.util.EnumSet.of(DayOfWeek.of(day + 1)),
                        java.time.LocalTime.of(start, 0), hour == 24 ? java.time.LocalTime.MAX.truncatedTo(ChronoUnit.MINUTES) : java.time.LocalTime.of(hour, 0)));
            }
        }
        return windows;
    }

    private static boolean[] slots(List<PublishingWindow> windows) {
        boolean[] inside = new boolean[SLOTS];
        for (PublishingWindow window : windows) {
            for (DayOfWeek day : window.days()) {
                int from = (day.getValue() - 1) * 24 * 60 + window.from().getHour() * 60 + window.from().getMinute();
                int to = (day.getValue() - 1) * 24 * 60 + window.to().getHour() * 60 + window.to().getMinute();
                for (int minute = from; minute < to; minute += SLOT_MINUTES) {
                    inside[minute / SLOT_MINUTES] = true;
                }
            }
        }
        return inside;
    }

    public boolean hasWindows() {
        for (boolean slot : inside) {
            if (slot) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code at} falls inside a window. */
    public boolean inWindow(Instant at) {
        return inside[slotOf(at)];
    }

    /** How long after {@code now} to poll a source whose fixed interval is {@code interval}. */
    public Duration next(Instant now, Duration interval) {
        if (!hasWindows()) {
            return interval;
        }
        Pace pace = pace(interval);
        if (pace == null) {
            return interval;
        }
        if (inWindow(now)) {
            return pace.inside();
        }
        Duration toWindow = Duration.between(now, nextWindowStart(now));
        return toWindow.compareTo(pace.outside()) < 0 ? toWindow : pace.outside();
    }

    /** The in-window and out-of-window intervals that keep the week's polls within the fixed interval's, or null. */
    Pace pace(Duration interval) {
        double i = interval.toSeconds() / 60.0;
        int insideSlots = 0;
        int starts = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            if (inside[slot]) {
                insideSlots++;
                if (!inside[(slot + SLOTS - 1) % SLOTS]) {
                    starts++;
                }
            }
        }
        double w = insideSlots * SLOT_MINUTES;
        double o = WEEK_MINUTES - w;
        double budget = WEEK_MINUTES / i;
        double boost = Math.min(BOOST, IN_WINDOW_SHARE * (budget - starts) / (w / i));
        if (boost <= 1 || o <= 0) {
            return null;
        }
        double outsidePolls = budget - starts - w * boost / i;
        if (outsidePolls <= 0) {
            return null;
        }
        return new Pace(Duration.ofSeconds((long) Math.ceil(i * 60 / boost)), Duration.ofSeconds((long) Math.ceil(o * 60 / outsidePolls)));
    }

    record Pace(Duration inside, Duration outside) {
    }

    /** The next moment a window opens after {@code now} (a week ahead at most). */
    public Instant nextWindowStart(Instant now) {
        int slot = slotOf(now);
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime slotStart = local.truncatedTo(ChronoUnit.MINUTES).withMinute(local.getMinute() / SLOT_MINUTES * SLOT_MINUTES);
        for (int ahead = 1; ahead <= SLOTS; ahead++) {
            int next = (slot + ahead) % SLOTS;
            if (inside[next] && !inside[(next + SLOTS - 1) % SLOTS]) {
                return slotStart.plusMinutes((long) ahead * SLOT_MINUTES).toInstant();
            }
        }
        return now.plus(Duration.ofDays(7));
    }

    private int slotOf(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        int minute = (local.getDayOfWeek().getValue() - 1) * 24 * 60 + local.getHour() * 60 + local.getMinute();
        return minute / SLOT_MINUTES;
    }

    /** For the panel and {@code sources list}: "given: Mon-Fri 08:45-10:00 America/New_York", "learnt: …", "none yet". */
    public String describe() {
        if (windows.isEmpty()) {
            return "none yet (fixed interval)";
        }
        return origin + ": " + String.join(", ", windows.stream().map(PublishingWindow::toString).distinct().toList()) + " " + zone;
    }
}
