package chokepoint.alerts.web;

import chokepoint.alerts.subscriptions.SubscriptionMatcher;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import static chokepoint.alerts.web.ApiResponses.errors;
import static chokepoint.alerts.web.ApiResponses.json;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import chokepoint.alerts.delivery.BreachDeliverer;
import io.micronaut.context.BeanProvider;
import chokepoint.alerts.replay.ReplayRequest;
import chokepoint.alerts.replay.ReplayStatus;
import chokepoint.alerts.replay.Replays;
import chokepoint.alerts.security.AccessTokens;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.config.ConfigException;
import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.Json;
import chokepoint.records.Subscription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Replays: re-read the stored items of a time range through the classifier and threshold rules (today's, or
 * others given here) in isolation, and compare with what fired. Needs a bearer token: replays are costly, so each
 * person runs one at a time; beyond the limits the answer is 429 with Retry-After. A replay delivers nothing unless
 * its owner asks for its breaches to be re-delivered to one of their subscriptions.
 *
 * <p>{@code POST /api/replays} with {@code {"from": "2025-10-01", "to": "2025-11-01", "rules": "<YAML>",
 * "classifierRules": "<rule file>"}} (the last two optional) answers 202 with the replay's status; poll
 * {@code GET /api/replays/{id}} for progress and the result.
 */
// Store scans, Kafka writes waited for and mail sent: blocking work, kept off the HTTP event loop that serves the live page.
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/api/replays")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ReplayController {

    private final Replays replays;
    private final SubscriptionBook subscriptions;
    private final BeanProvider<BreachDeliverer> deliverer;
    private final ExecutorService redeliveries = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "chokepoint-redelivery");
        thread.setDaemon(true);
        return thread;
    });
    private final ConfigLoader loader = new ConfigLoader(Map.of());

    /** @param deliverer delivery, when it runs in this process ({@code --services web} alone has none) */
    public ReplayController(Replays replays, SubscriptionBook subscriptions, BeanProvider<BreachDeliverer> deliverer) {
        this.replays = replays;
        this.subscriptions = subscriptions;
        this.deliverer = deliverer;
    }

    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = ReplayStatus.class)))
    @Post(produces = MediaType.APPLICATION_JSON, consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<String> start(Authentication who, @Body String body) {
        List<String> problems = new ArrayList<>();
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return errors(HttpStatus.BAD_REQUEST, List.of("body: not valid JSON"));
        }
        if (tree == null || !tree.isObject()) {
            return errors(HttpStatus.BAD_REQUEST, List.of("body: a JSON object is required"));
        }
        tree.fieldNames().forEachRemaining(name -> {
            if (!List.of("from", "to", "rules", "classifierRules").contains(name)) {
                problems.add(name + ": unknown field (known: from, to, rules, classifierRules)");
            }
        });
        Instant from = ReplayRequest.time(tree.path("from").asText(null), "from", problems);
        Instant to = ReplayRequest.time(tree.path("to").asText(null), "to", problems);
        List<ThresholdRule> rules = null;
        if (tree.hasNonNull("rules")) {
            try {
                rules = loader.readRules(tree.get("rules").asText());
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        String classifierRules = tree.hasNonNull("classifierRules") ? tree.get("classifierRules").asText() : null;
        ReplayRequest request = new ReplayRequest(from, to, rules, classifierRules);
        if (problems.isEmpty()) {
            problems.addAll(replays.problems(request));
        }
        if (!problems.isEmpty()) {
            return errors(HttpStatus.BAD_REQUEST, problems);
        }
        try {
            return HttpResponse.<String>status(HttpStatus.ACCEPTED).body(json(replays.start(who.getName(), request)));
        } catch (Replays.Busy busy) {
            return errors(HttpStatus.TOO_MANY_REQUESTS, List.of(busy.getMessage()))
                    .header("Retry-After", Long.toString(busy.retryAfterSeconds()));
        }
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public String list(Authentication who) {
        return json(replays.all().stream().filter(r -> AccessTokens.isAdmin(who) || r.owner().equals(who.getName()))
                .map(ReplayController::summary).toList());
    }

    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReplayStatus.class)))
    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> get(Authentication who, String id) {
        return replays.get(id).filter(r -> AccessTokens.isAdmin(who) || r.owner().equals(who.getName()))
                .<HttpResponse<String>>map(r -> HttpResponse.ok(json(r)))
                .orElseGet(() -> errors(HttpStatus.NOT_FOUND, List.of("no replay '" + id + "' of yours")));
    }

    /**
     * Re-delivers what a replay found to one of your subscriptions ({@code {"subscription": "s-…"}}): the only way a
     * replay sends anything. Answers 202 at once; the attempts show in the subscription's delivery history.
     */
    @Post(value = "/{id}/redeliveries", produces = MediaType.APPLICATION_JSON, consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<String> redeliver(Authentication who, String id, @Body Map<String, String> body) {
        ReplayStatus replay = replays.get(id).filter(r -> AccessTokens.isAdmin(who) || r.owner().equals(who.getName())).orElse(null);
        if (replay == null) {
            return errors(HttpStatus.NOT_FOUND, List.of("no replay '" + id + "' of yours"));
        }
        if (!deliverer.isPresent()) {
            return errors(HttpStatus.SERVICE_UNAVAILABLE, List.of("re-delivery runs where delivery runs: this process was "
                    + "started without it (--services web); ask an instance that runs web and delivery together"));
        }
        if (replay.result() == null || replay.result().fired().isEmpty()) {
            return errors(HttpStatus.BAD_REQUEST, List.of("replay: nothing to re-deliver (not finished, or no breach would have fired)"));
        }
        String subscriptionId = body == null ? null : body.get("subscription");
        Subscription subscription = subscriptionId == null ? null : subscriptions.get(subscriptionId)
                .filter(s -> AccessTokens.isAdmin(who) || s.owner().equals(who.getName())).orElse(null);
        if (subscription == null) {
            return errors(HttpStatus.BAD_REQUEST, List.of("subscription: one of your subscriptions is required"));
        }
        // Through the subscription's filter, as live delivery does: a subscription for Finland and Italy gets the
        // breaches that concern them, not everything the replay found.
        List<Breach> wanted = replay.result().fired().stream().filter(breach -> SubscriptionMatcher.wants(subscription, breach)).toList();
        if (!wanted.isEmpty()) {
            redeliveries.submit(() -> deliverer.get().redeliver(id, subscription, wanted));
        }
        return HttpResponse.<String>status(HttpStatus.ACCEPTED).body(json(Map.of("replay", id, "subscription", subscription.id(),
                "breaches", wanted.size(), "notWanted", replay.result().fired().size() - wanted.size())));
    }

    /** A replay without its result, for lists. */
    private static ReplayStatus summary(ReplayStatus status) {
        return new ReplayStatus(status.id(), status.owner(), status.from(), status.to(), status.customRules(),
                status.customClassifier(), status.state(), status.read(), status.total(), status.phase(), status.startedAt(),
                status.finishedAt(), status.error(), null);
    }


}
