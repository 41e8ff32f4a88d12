package chokepoint.alerts.web;

import jakarta.validation.Valid;
import chokepoint.records.Vocabulary;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import static chokepoint.alerts.web.ApiResponses.json;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import chokepoint.alerts.live.IndicatorHistory;
import chokepoint.alerts.live.LiveFeeds;
import chokepoint.alerts.live.TopicTail;
import chokepoint.alerts.threshold.BreachHistory;
import chokepoint.records.Breach;
import io.micronaut.core.annotation.Nullable;
import chokepoint.records.Indicator;
import chokepoint.records.SourceState;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON API behind the page: recent indicators, breaches and source health, and the live indicator stream
 * as server-sent events. Records are written with the same JSON mapping as on the topics.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
// Store scans, Kafka writes waited for and mail sent: blocking work, kept off the HTTP event loop that serves the live page.
@ExecuteOn(TaskExecutors.BLOCKING)
@io.micronaut.validation.Validated
@Controller("/api")
public class ApiController {

    private static final int MAX_LIMIT = 500;

    private final LiveFeeds feeds;
    private final IndicatorHistory history;
    private final BreachHistory breaches;
    private final chokepoint.alerts.threshold.UncountedHistory uncounted;

    public ApiController(LiveFeeds feeds, BreachHistory breaches, IndicatorHistory history,
                         chokepoint.alerts.threshold.UncountedHistory uncounted) {
        this.uncounted = uncounted;
        this.feeds = feeds;
        this.history = history;
        this.breaches = breaches;
    }

    /**
     * Recent indicators, newest first, filtered (actor, target, measure, stage, sector, minSeverity, source; all=true
     * adds items classified NONE, EASED or PROCEDURAL), a page at a time ({@code offset}, {@code limit}).
     */
    @ApiResponse(responseCode = "200", content = @Content(array = @ArraySchema(schema = @Schema(implementation = Indicator.class))))
    @Get(value = "/indicators", produces = MediaType.APPLICATION_JSON)
    public String indicators(@Valid @RequestBean IndicatorQuery query, @Nullable @QueryValue("offset") Integer offsetGiven,
                             @Nullable @QueryValue("limit") Integer limitGiven) {
        // Optional, with its default (a primitive with a default was described as required by the OpenAPI).
        int limit = limitGiven == null ? 100 : limitGiven;
        int offset = offsetGiven == null ? 0 : offsetGiven;
        return json(feeds.indicators().recent().stream()
                .filter(query.filter()::test)
                .sorted(Comparator.comparing(Indicator::occurredAt).reversed())
                .skip(Math.max(0, offset))
                .limit(Math.max(1, Math.min(limit, MAX_LIMIT))).toList());
    }

    /**
     * New indicators as server-sent events, with the same filters. Each event's id is the tail's sequence number:
     * a browser that reconnects with {@code Last-Event-ID} first receives what it missed while away.
     */
    @Get(value = "/indicators/stream", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> stream(@Valid @RequestBean IndicatorQuery query,
                                           @Nullable @Header("Last-Event-ID") String lastEventHeader,
                                           @Nullable @QueryValue Instant since, @Nullable @QueryValue Integer speed) {
        IndicatorFilter filter = query.filter();
        Long lastEventId = lastEventId(lastEventHeader);
        Flux<Event<String>> missed = lastEventId == null ? Flux.empty()
                : Flux.fromIterable(feeds.indicators().since(lastEventId)).filter(entry -> filter.test(entry.value())).map(this::event);
        if (since != null && lastEventId == null) {
            missed = playFrom(since, speed == null ? 3600 : Math.max(1, speed), filter);
        }
        Flux<Event<String>> indicators = Flux.concat(missed, feeds.indicators().liveSequenced()
                .filter(entry -> filter.test(entry.value())).map(this::event));
        // A first event at once, so the browser knows the stream is open before any indicator arrives; then a
        // comment every 15 s keeps proxies from closing an idle stream.
        Flux<Event<String>> ready = Flux.just(Event.of("{}").name("ready"));
        Flux<Event<String>> keepAlive = Flux.interval(Duration.ofSeconds(15)).map(tick -> Event.of("").comment("keep-alive"));
        return Flux.concat(ready, Flux.merge(indicators, keepAlive));
    }

    private Event<String> event(TopicTail.Sequenced<Indicator> entry) {
        return Event.of(json(entry.value())).name("indicator").id(Long.toString(entry.sequence()));
    }

    /** The live tail's position in a Last-Event-ID: {@code 812}, or {@code 812.5} for the fifth event played back from 812. */
    private static Long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(header.contains(".") ? header.substring(0, header.indexOf('.')) : header.trim());
        } catch (NumberFormatException e) {
            return null;  // not one of ours: start live
        }
    }

    /**
     * Time travel: the indicators since a past moment, played forward at {@code speed} seconds of indicator time per
     * second (gaps capped at 1.5 s), then what arrived meanwhile; the live stream follows. Each played event has an
     * id of its own, {@code <tail position at the start>.<n>}, so a reconnect resumes live rather than from the past.
     */
    private Flux<Event<String>> playFrom(Instant since, int speed, IndicatorFilter filter) {
        long startedAt = feeds.indicators().lastSequence();
        return Mono.fromCallable(() -> history.since(since, filter::test))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(page -> {
                    if (page.isEmpty()) {
                        return Flux.error(new IllegalStateException("too many time-travel readers; try again shortly"));
                    }
                    List<Indicator> past = page.get().indicators();
                    Flux<Event<String>> played = Flux.range(0, past.size()).concatMap(i -> {
                        long gap = i == 0 ? 0 : Duration.between(past.get(i - 1).occurredAt(), past.get(i).occurredAt()).toMillis();
                        long wait = Math.min(1500, Math.max(0, gap / speed));
                        Mono<Event<String>> one = Mono.just(Event.of(json(past.get(i))).name("indicator").id(startedAt + "." + (i + 1)));
                        return wait == 0 ? one : one.delayElement(Duration.ofMillis(wait));
                    });
                    return Flux.concat(played, Flux.defer(() -> Flux.fromIterable(feeds.indicators().since(startedAt))
                            .filter(entry -> filter.test(entry.value())).map(this::event)));
                });
    }

    @ApiResponse(responseCode = "200", content = @Content(array = @ArraySchema(schema = @Schema(implementation = Breach.class))))
    @Get(value = "/breaches", produces = MediaType.APPLICATION_JSON)
    public String breaches(@Nullable @QueryValue("limit") Integer limitGiven) {
        // Optional, with its default (a primitive with a default was described as required by the OpenAPI).
        int limit = limitGiven == null ? 100 : limitGiven;
        return json(feeds.breaches().recent().stream().limit(Math.max(1, Math.min(limit, MAX_LIMIT))).toList());
    }

    /**
     * Every breach in its latest state, filtered by rule, actor, target and the time it fired (ISO-8601 instants),
     * newest first.
     */
    @Get(value = "/breaches/history", produces = MediaType.APPLICATION_JSON)
    public String history(@Nullable @QueryValue String rule,
                          @Nullable @QueryValue @chokepoint.alerts.web.validation.Known(Vocabulary.Kind.ACTOR) String actor,
                          @Nullable @QueryValue @chokepoint.alerts.web.validation.Known(Vocabulary.Kind.TARGET) String target,
                          @Nullable @QueryValue Instant from,
                          @Nullable @QueryValue Instant to, @Nullable @QueryValue("limit") Integer limitGiven) {
        // Optional, with its default (a primitive with a default was described as required by the OpenAPI).
        int limit = limitGiven == null ? 100 : limitGiven;
        return json(breaches.find(breach -> (rule == null || rule.equals(breach.ruleId()))
                        && (actor == null || actor.equalsIgnoreCase(String.valueOf(breach.actor())))
                        && (target == null || breach.targets().stream().anyMatch(t -> Vocabulary.targetMatches(target, t)))
                        && (from == null || !breach.firedAt().isBefore(from))
                        && (to == null || breach.firedAt().isBefore(to)))
                .stream().sorted(Comparator.comparing(Breach::firedAt).reversed())
                .limit(Math.max(1, Math.min(limit, MAX_LIMIT))).toList());
    }

    /**
     * Indicators a rule selected but did not count (they arrived later than the rule's grace behind their group's
     * newest indicator), with the reason, newest first: no notice is left out of a count without saying so.
     */
    @ApiResponse(responseCode = "200", content = @Content(array = @ArraySchema(schema = @Schema(implementation =
            chokepoint.records.UncountedIndicator.class))))
    @Get(value = "/breaches/uncounted", produces = MediaType.APPLICATION_JSON)
    public String uncounted(@Nullable @QueryValue String rule, @Nullable @QueryValue("limit") Integer limitGiven) {
        int limit = limitGiven == null ? 100 : limitGiven;
        return json(uncounted.find(u -> rule == null || rule.equals(u.ruleId()), Math.max(1, Math.min(limit, MAX_LIMIT))));
    }

    /**
     * One breach in its latest state, with the indicators inside it (each with its source and English gist): what a
     * message's "open this breach" link shows. The id in either form, today's ({@code rule~group~millis}) or the one
     * written before ({@code rule|group|millis}, URL-encoded).
     */
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Breach.class)))
    @ApiResponse(responseCode = "404", description = "no such breach")
    @Get(value = "/breaches/{id}", produces = MediaType.APPLICATION_JSON)
    public io.micronaut.http.HttpResponse<String> breach(String id) {
        return breaches.find(b -> chokepoint.records.BreachIds.same(b.id(), id)).stream()
                .max(Comparator.comparing(Breach::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(found -> io.micronaut.http.HttpResponse.ok(json(found)))
                .orElseGet(() -> ApiResponses.errors(io.micronaut.http.HttpStatus.NOT_FOUND, List.of("no breach " + id)));
    }

    /** The latest state of every source, by id. */
    @ApiResponse(responseCode = "200", content = @Content(array = @ArraySchema(schema = @Schema(implementation = SourceState.class))))
    @Get(value = "/sources", produces = MediaType.APPLICATION_JSON)
    public String sources() {
        Map<String, SourceState> latest = new LinkedHashMap<>();
        List<SourceState> newestFirst = feeds.sources().recent();
        for (SourceState state : newestFirst) {
            latest.putIfAbsent(state.sourceId(), state);
        }
        return json(latest.values());
    }


}
