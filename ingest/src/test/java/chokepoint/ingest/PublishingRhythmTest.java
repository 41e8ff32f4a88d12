package chokepoint.ingest;

import chokepoint.config.PublishingWindow;
import chokepoint.config.SourceConfig;
import chokepoint.records.SourceState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The poll schedule on a simulated clock: a week of polls counted inside and outside the windows, never timed. */
class PublishingRhythmTest {

    private static final Instant MONDAY = ZonedDateTime.of(2026, 11, 30, 0, 0, 0, 0, ZoneId.of("America/New_York")).toInstant();

    private static SourceConfig source(String jurisdiction, Duration interval, List<String> windows) {
        return new SourceConfig("s", "rss", "https://example.org/feed", interval, jurisdiction, "en", Map.of(), null, null, null,
                null, null, null, null, null, null, null, null, null, null, windows, null);
    }

    private record Week(int inside, int outside) {
        int total() {
            return inside + outside;
        }
    }

    /** Polls a week long from {@code start}, each at the delay the rhythm gives. */
    private static Week simulate(PublishingRhythm rhythm, Duration interval, Instant start) {
        int inside = 0;
        int outside = 0;
        for (Instant t = start; t.isBefore(start.plus(Duration.ofDays(7))); t = t.plus(rhythm.next(t, interval))) {
            if (rhythm.inWindow(t)) {
                inside++;
            } else {
                outside++;
            }
        }
        return new Week(inside, outside);
    }

    @Test
    void publicInspectionWindowsGetMorePollsInsideFewerOutsideWithinTheBudget() {
        Duration interval = Duration.ofMinutes(30);
        SourceConfig fr = source("US", interval, List.of("Mon-Fri 08:45-10:00"));
        PublishingRhythm rhythm = PublishingRhythm.of(fr, SourceState.initial("s"));
        Week week = simulate(rhythm, interval, MONDAY);
        int fixed = (int) (Duration.ofDays(7).toMinutes() / interval.toMinutes());
        assertTrue(week.total() <= fixed, "the week's polls within the fixed interval's " + fixed + ": " + week);
        double windowHours = 5 * 1.25;
        assertTrue(week.inside() / windowHours > 3.5 * (60.0 / interval.toMinutes()),
                "about four times as many polls an hour inside the windows: " + week);
        assertTrue(week.outside() / (168 - windowHours) < 60.0 / interval.toMinutes(), "fewer outside: " + week);
        assertTrue(rhythm.inWindow(ZonedDateTime.of(2026, 12, 1, 8, 45, 0, 0, ZoneId.of("America/New_York")).toInstant()));
        assertTrue(!rhythm.inWindow(ZonedDateTime.of(2026, 12, 5, 9, 0, 0, 0, ZoneId.of("America/New_York")).toInstant()), "Saturday");
        assertEquals("given: Mon-Fri 08:45-10:00 America/New_York", rhythm.describe());
    }

    @Test
    void aWindowIsPolledAtItsOpening() {
        Duration interval = Duration.ofMinutes(30);
        PublishingRhythm rhythm = PublishingRhythm.of(source("US", interval, List.of("Mon-Fri 08:45-10:00")), SourceState.initial("s"));
        Instant before = ZonedDateTime.of(2026, 12, 1, 8, 30, 0, 0, ZoneId.of("America/New_York")).toInstant();
        assertEquals(Duration.ofMinutes(15), rhythm.next(before, interval), "not later than 8:45");
    }

    @Test
    void windowsAreLearntFromWhenTheSourcePublished() {
        // Announcements on weekday afternoons in Beijing, as a ministry's working hours would have them.
        List<Instant> published = new ArrayList<>();
        for (int week = 0; week < 4; week++) {
            for (int day = 0; day < 5; day++) {
                for (int hour : new int[]{15, 16, 17}) {
                    published.add(ZonedDateTime.of(2026, 11, 2 + 7 * week + day, hour, 10, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
                }
            }
        }
        SourceConfig mofcom = source("CN", Duration.ofMinutes(30), List.of());
        SourceState state = SourceState.initial("s").withPublished(published, ZoneId.of("Asia/Shanghai"));
        assertEquals(60, state.hoursOfWeek().stream().mapToInt(Integer::intValue).sum());
        PublishingRhythm rhythm = PublishingRhythm.of(mofcom, state);
        assertTrue(rhythm.describe().startsWith("learnt: ") && rhythm.describe().contains("15:00-19:00")
                && rhythm.describe().endsWith("Asia/Shanghai"), rhythm.describe());
        Week week = simulate(rhythm, Duration.ofMinutes(30), MONDAY);
        assertTrue(week.total() <= 336, week.toString());
        assertTrue(week.inside() > 5 * 4 * 2 * 2, "more than twice the fixed polls inside: " + week);
    }

    @Test
    void withoutWindowsTheFixedIntervalStays() {
        PublishingRhythm rhythm = PublishingRhythm.of(source("CN", Duration.ofMinutes(30), List.of()), SourceState.initial("s"));
        assertEquals(Duration.ofMinutes(30), rhythm.next(MONDAY, Duration.ofMinutes(30)));
        assertEquals("none yet (fixed interval)", rhythm.describe());
        assertEquals(336, simulate(rhythm, Duration.ofMinutes(30), MONDAY).total());
    }

    @Test
    void windowsTooWideForABoostKeepTheFixedInterval() {
        PublishingRhythm rhythm = PublishingRhythm.of(source("CN", Duration.ofMinutes(30), List.of("daily 00:00-23:00")), SourceState.initial("s"));
        assertTrue(simulate(rhythm, Duration.ofMinutes(30), MONDAY).total() <= 336);
    }

    @Test
    void windowsAreWrittenPlainly() {
        assertNotNull(PublishingWindow.problem("weekdays 9-5"));
        assertNotNull(PublishingWindow.problem("Mon-Fri 10:00-09:00"));
        assertEquals(null, PublishingWindow.problem("Mon,Wed,Fri 09:00-18:00"));
    }
}
