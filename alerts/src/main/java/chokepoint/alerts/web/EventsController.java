package chokepoint.alerts.web;

import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import static chokepoint.alerts.web.ApiResponses.json;

import chokepoint.alerts.web.validation.ApiDates;
import chokepoint.records.EventQueries;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fused events (one per story, with every source) read from the stream processor's state: by id, and by the time
 * of their earliest copy.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
// Store scans, Kafka writes waited for and mail sent: blocking work, kept off the HTTP event loop that serves the live page.
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/api/events")
public class EventsController {

    private static final int MAX_LIMIT = 500;

    private final BeanProvider<EventQueries> events;

    public EventsController(BeanProvider<EventQueries> events) {
        this.events = events;
    }

    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> event(String id) {
        if (!events.isPresent()) {
            return unavailable();
        }
        return events.get().event(id).map(e -> HttpResponse.ok(json(e)))
                .orElseGet(() -> HttpResponse.<String>status(HttpStatus.NOT_FOUND).body(json(Map.of("error", "no event " + id))));
    }

    /** @param from default: 30 days before {@code to}; @param to default: now */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> range(@Nullable @QueryValue Instant from, @Nullable @QueryValue Instant to,
                                      @Nullable @QueryValue("limit") Integer limitGiven) {
        // Optional, with its default (a primitive with a default was described as required by the OpenAPI).
        int limit = limitGiven == null ? 100 : limitGiven;
        if (!events.isPresent()) {
            return unavailable();
        }
        List<String> problems = new java.util.ArrayList<>();
        ApiDates.check(from, "from", problems);
        ApiDates.check(to, "to", problems);
        if (!problems.isEmpty()) {
            return ApiResponses.errors(HttpStatus.BAD_REQUEST, problems);
        }
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : from;
        return HttpResponse.ok(json(events.get().events(start, end, Math.max(1, Math.min(limit, MAX_LIMIT)))));
    }

    private static HttpResponse<String> unavailable() {
        return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(json(Map.of("error", "the stream processor does not run in this process")));
    }

}
