package chokepoint.alerts.measures;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.property.Categories;
import biweekly.util.ICalDate;
import chokepoint.records.ActDate;
import chokepoint.records.LifeStep;
import chokepoint.records.RegisteredMeasure;
import chokepoint.records.Vocabulary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The register's upcoming dates as an iCalendar (RFC 5545, written by biweekly): one all-day event per change a
 * measure's calendar brings (it takes effect, its suspension ends, it expires), on the day the change bites in the
 * actor's time zone, so that an analyst sees them in a calendar beside the rest of the week. Warnings before a change
 * are the calendar application's to give.
 */
public final class MeasureCalendar {

    private static final Set<String> CHANGES = Set.of(LifeStep.TAKES_EFFECT, LifeStep.SUSPENSION_ENDS, LifeStep.EXPIRES);

    private MeasureCalendar() {
    }

    /** @param publicUrl where the register's page is, for each event's link */
    public static String of(List<RegisteredMeasure> measures, String publicUrl, Instant now) {
        ICalendar calendar = new ICalendar();
        calendar.setProductId("-//Chokepoint//Measure register//EN");
        calendar.setName("Chokepoint: dates of the measure register");
        String base = publicUrl.replaceAll("/+$", "");
        for (RegisteredMeasure m : measures) {
            for (RegisteredMeasure.Due due : m.upcoming()) {
                if (CHANGES.contains(due.lifecycle())) {
                    calendar.addEvent(event(m, due, base, now));
                }
            }
        }
        return Biweekly.write(calendar).go();
    }

    private static VEvent event(RegisteredMeasure m, RegisteredMeasure.Due due, String base, Instant now) {
        VEvent event = new VEvent();
        event.setUid(m.id() + "/" + due.lifecycle() + "/" + due.day() + "@chokepoint");
        event.setDateTimeStamp(Date.from(now));
        // The day the change bites where the measure was taken: "until 10 November" ends on the 11th in Beijing.
        LocalDate day = due.at().atZone(ActDate.zoneOf(m.actor())).toLocalDate();
        event.setDateStart(new ICalDate(Date.from(day.atStartOfDay(ZoneId.systemDefault()).toInstant()), false));
        String what = switch (due.lifecycle()) {
            case LifeStep.TAKES_EFFECT -> "Takes effect";
            case LifeStep.SUSPENSION_ENDS -> "Suspension ends, applies again";
            default -> "Expires";
        };
        String name = m.gist() != null ? m.gist() : m.title() != null ? m.title() : m.id();
        event.setSummary(what + ": " + name);
        StringBuilder description = new StringBuilder();
        description.append(m.measure()).append(" by ").append(m.actor() == null ? "?" : m.actor());
        if (!m.targets().isEmpty()) {
            description.append(" on ").append(Vocabulary.describeTargets(m.targets()));
        }
        description.append(". ").append(what).append(" (the measure's day: ").append(due.day()).append(").\n");
        if (m.title() != null) {
            description.append("Original title: ").append(m.title()).append('\n');
        }
        description.append("Act ").append(m.id()).append(", status ").append(m.status()).append(": ")
                .append(base).append("/api/measures/").append(m.id());
        event.setDescription(description.toString());
        if (m.url() != null && (m.url().startsWith("http://") || m.url().startsWith("https://"))) {
            event.setUrl(m.url());
        }
        event.addCategories(new Categories(due.lifecycle()));
        return event;
    }
}
