package chokepoint.alerts.web;

import chokepoint.alerts.measures.MeasureBook;
import chokepoint.alerts.measures.MeasureCalendar;
import chokepoint.alerts.measures.MeasureQuery;
import chokepoint.alerts.runtime.AlertsRuntime;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.validation.Validated;
import jakarta.validation.Valid;

import java.time.Clock;
import java.time.Instant;

/**
 * The register's upcoming dates (takes effect, suspension ends, expires) as an iCalendar feed, filtered like the
 * register ({@code /feeds/measures.ics?target=EU&status=adopted,suspended}): subscribe to it from a calendar.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
@Validated
@Controller("/feeds")
public class CalendarController {

    private final MeasureBook book;
    private final AlertsRuntime runtime;
    private final Clock clock = Clock.systemUTC();

    public CalendarController(MeasureBook book, AlertsRuntime runtime) {
        this.book = book;
        this.runtime = runtime;
    }

    @Get(value = "/measures.ics", produces = "text/calendar")
    public HttpResponse<String> measures(@Valid @RequestBean MeasureQuery query) {
        Instant now = clock.instant();
        return HttpResponse.ok(MeasureCalendar.of(book.find(query.filter(now)).stream().sorted(MeasureQuery.ORDER).toList(),
                runtime.config().http().publicUrl(), now)).contentType("text/calendar; charset=utf-8");
    }
}
