package chokepoint.alerts.web;

import jakarta.validation.Valid;
import chokepoint.alerts.measures.MeasureBook;
import chokepoint.alerts.measures.MeasureQuery;
import chokepoint.records.RegisteredMeasure;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.time.Clock;
import java.util.List;

import static chokepoint.alerts.web.ApiResponses.json;

/** The measure register: what is in force, suspended, adopted or announced, against whom, and what changes when. */
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@io.micronaut.validation.Validated
@Controller("/api/measures")
public class MeasuresController {

    private final MeasureBook book;
    private final Clock clock = Clock.systemUTC();

    public MeasuresController(MeasureBook book) {
        this.book = book;
    }

    /** Measures matching the filters, in force first, then by their next change. */
    @ApiResponse(responseCode = "200", content = @Content(array = @ArraySchema(schema = @Schema(implementation = RegisteredMeasure.class))))
    @Get(produces = MediaType.APPLICATION_JSON)
    public String measures(@Valid @RequestBean MeasureQuery query) {
        return json(book.find(query.filter(clock.instant())).stream().sorted(MeasureQuery.ORDER).toList());
    }

    /** One act with its whole life and every source, by its identifier ({@code cn:mofcom:2025-61}). */
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RegisteredMeasure.class)))
    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> measure(@PathVariable String id) {
        return book.get(id).map(m -> HttpResponse.ok(json(m)))
                .orElseGet(() -> ApiResponses.errors(HttpStatus.NOT_FOUND, List.of("no measure " + id + " in the register")));
    }
}
