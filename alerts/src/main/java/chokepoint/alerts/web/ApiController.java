package chokepoint.alerts.web;

import chokepoint.alerts.live.LiveFeeds;
import chokepoint.records.Indicator;
import chokepoint.records.Json;
import chokepoint.records.SourceState;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON API behind the page: recent indicators, breaches and source health, and the live indicator stream
 * as server-sent events. Records are written with the same JSON mapping as on the topics.
 */
@Controller("/api")
public class ApiController {

    private static final int MAX_LIMIT = 500;

    private final LiveFeeds feeds;

    public ApiController(LiveFeeds feeds) {
        this.feeds = feeds;
    }

    /** @param all include items classified NONE or EASED/PROCEDURAL, not only pressure indicators */
    @Get(value = "/indicators", produces = MediaType.APPLICATION_JSON)
    public String indicators(@QueryValue(defaultValue = "false") boolean all,
                             @QueryValue(defaultValue = "100") int limit) {
        return json(feeds.indicators().recent().stream()
                .filter(indicator -> all || indicator.isIndicator())
                .sorted(Comparator.comparing(Indicator::occurredAt).reversed())
                .limit(Math.max(1, Math.min(limit, MAX_LIMIT))).toList());
    }

    @Get(value = "/indicators/stream", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> stream(@QueryValue(defaultValue = "false") boolean all) {
        Flux<Event<String>> indicators = feeds.indicators().live()
                .filter(indicator -> all || indicator.isIndicator())
                .map(indicator -> Event.of(json(indicator)).name("indicator").id(indicator.id()));
        // A first event at once, so the browser knows the stream is open before any indicator arrives; then a
        // comment every 15 s keeps proxies from closing an idle stream.
        Flux<Event<String>> ready = Flux.just(Event.of("{}").name("ready"));
        Flux<Event<String>> keepAlive = Flux.interval(Duration.ofSeconds(15)).map(tick -> Event.of("").comment("keep-alive"));
        return Flux.concat(ready, Flux.merge(indicators, keepAlive));
    }

    @Get(value = "/breaches", produces = MediaType.APPLICATION_JSON)
    public String breaches(@QueryValue(defaultValue = "100") int limit) {
        return json(feeds.breaches().recent().stream().limit(Math.max(1, Math.min(limit, MAX_LIMIT))).toList());
    }

    /** The latest state of every source, by id. */
    @Get(value = "/sources", produces = MediaType.APPLICATION_JSON)
    public String sources() {
        Map<String, SourceState> latest = new LinkedHashMap<>();
        List<SourceState> newestFirst = feeds.sources().recent();
        for (SourceState state : newestFirst) {
            latest.putIfAbsent(state.sourceId(), state);
        }
        return json(latest.values());
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records always serialise", e);
        }
    }

}
