package chokepoint.alerts.measures;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import chokepoint.records.LifeStep;
import chokepoint.records.Measure;
import chokepoint.records.MeasureStatus;
import chokepoint.records.RegisteredMeasure;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The register's upcoming dates as an iCalendar: one all-day event per change, on the day it bites, read back. */
class MeasureCalendarTest {

    @Test
    void aSuspensionEndingIsAnAllDayEventOnTheDayTheMeasureAppliesAgain() {
        // Announcement No. 61, suspended by No. 70 until 10 November 2026 (MeasureRegisterTest's real wording).
        Instant over = Instant.parse("2026-11-10T16:00:00Z");
        RegisteredMeasure no61 = new RegisteredMeasure("cn:mofcom:2025-61", "商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定",
                "https://www.mofcom.gov.cn/61", "CN", List.of("*"), Measure.EXPORT_CONTROL, List.of("rare-earths"), List.of(),
                List.of(), 7, MeasureStatus.SUSPENDED, LocalDate.of(2025, 12, 1), LocalDate.of(2026, 11, 10), null, List.of(),
                List.of(new RegisteredMeasure.Due("suspension-ends-soon", over.minusSeconds(30L * 86_400), LocalDate.of(2026, 11, 10)),
                        new RegisteredMeasure.Due(LifeStep.SUSPENSION_ENDS, over, LocalDate.of(2026, 11, 10))),
                List.of(), Instant.parse("2025-11-07T09:00:00Z"));
        String ics = MeasureCalendar.of(List.of(no61), "http://localhost:8080", Instant.parse("2026-06-01T00:00:00Z"));
        assertTrue(ics.contains("DTSTART;VALUE=DATE:20261111"), ics);
        ICalendar calendar = Biweekly.parse(ics).first();
        assertEquals(1, calendar.getEvents().size(), "the warning is the calendar application's to give");
        VEvent event = calendar.getEvents().get(0);
        assertEquals("Suspension ends, applies again: MOFCOM announcement 2025 No. 61: export controls on rare-earth items "
                + "made abroad, applying to all destinations, in force from 2025-12-01", event.getSummary().getValue());
        assertEquals("cn:mofcom:2025-61/suspension-ends/2026-11-10@chokepoint", event.getUid().getValue());
        assertTrue(event.getDescription().getValue().contains("http://localhost:8080/api/measures/cn:mofcom:2025-61"));
    }
}
