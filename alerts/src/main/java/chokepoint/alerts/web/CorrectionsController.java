package chokepoint.alerts.web;

import static chokepoint.alerts.web.ApiResponses.errors;
import static chokepoint.alerts.web.ApiResponses.json;

import chokepoint.alerts.corrections.CorrectionDesk;
import chokepoint.alerts.corrections.CorrectionForm;
import chokepoint.alerts.live.IndicatorHistory;
import chokepoint.alerts.live.LiveFeeds;
import chokepoint.records.Correction;
import chokepoint.records.Indicator;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Analysts teach the classifier: an indicator marked wrong gets the right measure, stage, actor or targets. Needs a
 * bearer token; the correction is recorded under the token owner's name, goes to {@code chokepoint.corrections}, and
 * the classifier re-emits the indicator corrected in its place (the page, thresholds and the register see it);
 * {@code ./chokepoint labels export} turns corrections into corpus items for the next training.
 */
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class CorrectionsController {

    /** How far back an indicator not on the live tail is looked for. */
    private static final Duration LOOK_BACK = Duration.ofDays(400);

    private final CorrectionDesk desk;
    private final LiveFeeds feeds;
    private final IndicatorHistory history;
    private final Clock clock = Clock.systemUTC();

    public CorrectionsController(CorrectionDesk desk, LiveFeeds feeds, IndicatorHistory history) {
        this.desk = desk;
        this.feeds = feeds;
        this.history = history;
    }

    @Get(value = "/corrections", produces = MediaType.APPLICATION_JSON)
    public String list() {
        return json(desk.all());
    }

    @Post(value = "/indicators/{id}/correction", produces = MediaType.APPLICATION_JSON, consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<String> correct(Authentication who, String id, @Body String body) {
        Optional<Indicator> indicator = find(id);
        if (indicator.isEmpty()) {
            return errors(HttpStatus.NOT_FOUND, List.of("indicator " + id + ": not found"));
        }
        Correction correction;
        try {
            correction = CorrectionForm.read(body, indicator.get(), who.getName(), clock.instant());
        } catch (CorrectionForm.Invalid e) {
            return errors(HttpStatus.BAD_REQUEST, e.problems());
        }
        desk.put(correction);
        return HttpResponse.ok(json(correction));
    }

    @Delete("/indicators/{id}/correction")
    public HttpResponse<String> withdraw(String id) {
        if (desk.of(id).isEmpty()) {
            return errors(HttpStatus.NOT_FOUND, List.of("indicator " + id + ": no correction"));
        }
        desk.withdraw(id);
        return HttpResponse.noContent();
    }

    /** The indicator as last published: on the live tail, else in the indicators topic's last 400 days. */
    private Optional<Indicator> find(String id) {
        for (Indicator indicator : feeds.indicators().recent()) {   // newest first: the version the page shows
            if (indicator.id().equals(id)) {
                return Optional.of(indicator);
            }
        }
        return history.since(clock.instant().minus(LOOK_BACK), indicator -> indicator.id().equals(id))
                .flatMap(page -> page.indicators().isEmpty() ? Optional.empty()
                        : Optional.of(page.indicators().get(page.indicators().size() - 1)));
    }
}
