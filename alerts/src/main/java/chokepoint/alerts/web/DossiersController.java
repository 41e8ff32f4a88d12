package chokepoint.alerts.web;

import chokepoint.alerts.dossier.Dossier;
import chokepoint.alerts.dossier.DossierAssembler;
import chokepoint.alerts.dossier.DossierFormats;
import chokepoint.alerts.dossier.DossierReader;
import chokepoint.alerts.dossier.DossierRequest;
import chokepoint.alerts.measures.MeasureBook;
import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.alerts.threshold.BreachHistory;
import chokepoint.alerts.web.validation.ApiDates;
import chokepoint.alerts.web.validation.Known;
import chokepoint.records.Breach;
import chokepoint.records.Vocabulary;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dossiers for an actor→target pair or a breach over a range: JSON (default), CSV for a spreadsheet or an annex, and
 * a printable page ({@code format=html}), all with the same facts.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@io.micronaut.validation.Validated
@Controller("/api/dossiers")
public class DossiersController {

    private final DossierReader reader;
    private final BreachHistory breaches;
    private final MeasureBook measures;
    private final Clock clock = Clock.systemUTC();
    private final chokepoint.config.DossierSettings settings;
    /** Dossiers being read now on this instance: each reads a range of the indicators topic. */
    private final java.util.concurrent.Semaphore running;

    public DossiersController(AlertsRuntime runtime, BreachHistory breaches, MeasureBook measures) {
        this.reader = new DossierReader(runtime.clients());
        this.settings = runtime.config().dossiers();
        this.running = new java.util.concurrent.Semaphore(settings.maxRunning());
        this.breaches = breaches;
        this.measures = measures;
    }

    /**
     * @param actor  who applies pressure (ISO code, EU)
     * @param target on whom (EU covers its member states)
     * @param from   start of the range (ISO-8601 instant; default a year before {@code to})
     * @param to     end of the range (default now)
     * @param breach a breach id instead: its actor, its target, its window
     * @param format json, csv or html
     */
    @Get(produces = {MediaType.APPLICATION_JSON, "text/csv", MediaType.TEXT_HTML})
    public HttpResponse<String> dossier(@Nullable @QueryValue @Known(Vocabulary.Kind.ACTOR) String actor,
                                        @Nullable @QueryValue @Known(Vocabulary.Kind.TARGET) String target,
                                        @Nullable @QueryValue Instant from, @Nullable @QueryValue Instant to,
                                        @Nullable @QueryValue String breach, @QueryValue(defaultValue = "json") String format,
                                        @Nullable io.micronaut.security.authentication.Authentication who) {
        if (who == null && !settings.open()) {
            return ApiResponses.errors(HttpStatus.UNAUTHORIZED, List.of("a dossier needs a bearer token (Authorization: Bearer "
                    + "<token from auth.tokens or data/admin-token>), unless the deployment sets dossiers.public: true"));
        }
        Instant now = clock.instant();
        List<String> problems = new ArrayList<>();
        if (!List.of("json", "csv", "html").contains(format)) {
            problems.add("format: json, csv or html");
        }
        ApiDates.check(from, "from", problems);
        ApiDates.check(to, "to", problems);
        if (!problems.isEmpty()) {
            return ApiResponses.errors(HttpStatus.BAD_REQUEST, problems);
        }
        DossierRequest request;
        if (breach != null && !breach.isBlank()) {
            Optional<Breach> found = breaches.find(b -> chokepoint.records.BreachIds.same(b.id(), breach)).stream().findFirst();
            if (found.isEmpty()) {
                return ApiResponses.errors(HttpStatus.NOT_FOUND, List.of("no breach " + breach));
            }
            request = DossierRequest.ofBreach(found.get(), now);
        } else {
            request = DossierRequest.of(actor, target, from, to, now, problems);
        }
        if (problems.isEmpty() && request.to().isAfter(request.from().plus(settings.maxRange()))) {
            problems.add("from, to: a dossier covers at most " + chokepoint.alerts.threshold.Durations.human(settings.maxRange())
                    + " (dossiers.max-range)");
        }
        if (!problems.isEmpty()) {
            return ApiResponses.errors(HttpStatus.BAD_REQUEST, problems);
        }
        if (!running.tryAcquire()) {
            return ApiResponses.errors(HttpStatus.TOO_MANY_REQUESTS, List.of(settings.maxRunning()
                    + " dossier(s) are being read on this instance (dossiers.max-running): try again in a few seconds"))
                    .header("Retry-After", "5");
        }
        try {
            return answer(request, format, now);
        } finally {
            running.release();
        }
    }

    private HttpResponse<String> answer(DossierRequest request, String format, Instant now) {
        // The register and the breaches are in this instance's memory already: only the range's indicators are read.
        Dossier dossier = DossierAssembler.assemble(request, measures.find(m -> true), reader.indicators(request),
                breaches.find(b -> true), now);
        return switch (format) {
            case "csv" -> HttpResponse.ok(DossierFormats.csv(dossier)).contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + request.fileName() + ".csv\"");
            case "html" -> HttpResponse.ok(DossierFormats.html(dossier, request.query())).contentType("text/html; charset=utf-8")
                    .header("Content-Security-Policy", SecurityHeadersFilter.CSP.replace("style-src 'self'",
                            "style-src 'self' " + DossierFormats.styleSource()));
            default -> HttpResponse.ok(DossierFormats.json(dossier)).contentType(MediaType.APPLICATION_JSON_TYPE);
        };
    }
}
