package chokepoint.alerts.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import static chokepoint.alerts.web.ApiResponses.errors;
import static chokepoint.alerts.web.ApiResponses.json;

import chokepoint.alerts.delivery.ConfirmationMailer;
import chokepoint.alerts.delivery.DeliveryHistory;
import chokepoint.alerts.delivery.DeliveryOutcome;
import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.alerts.security.AccessTokens;
import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionForm;
import chokepoint.alerts.subscriptions.SubscriptionRequest;
import chokepoint.alerts.subscriptions.SubscriptionView;
import chokepoint.records.DeliveryAttempt;
import chokepoint.records.Json;
import chokepoint.records.Subscription;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Subscriptions: create, list, change, pause, resume, silence, delete, and the history of what was sent. Needs a
 * bearer token; each owner sees and changes only their own subscriptions, admins every one. Stored in the
 * compacted {@code chokepoint.subscriptions} topic, so every instance delivers the same ones.
 */
// Store scans, Kafka writes waited for and mail sent: blocking work, kept off the HTTP event loop that serves the live page.
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class SubscriptionsController {

    private final SubscriptionBook book;
    private final SubscriptionForm form;
    private final ConfirmationMailer mailer;
    private final DeliveryHistory history;
    private final Clock clock = Clock.systemUTC();

    public SubscriptionsController(AlertsRuntime runtime, SubscriptionBook book, SecretBox box, ConfirmationMailer mailer,
                                   DeliveryHistory history) {
        this.book = book;
        this.form = new SubscriptionForm(box, runtime.config().email().enabled(),
                chokepoint.alerts.delivery.HttpPoster.refusals(runtime.config().delivery()));
        this.mailer = mailer;
        this.history = history;
    }

    @ApiResponse(responseCode = "200", content = @Content(array = @ArraySchema(schema = @Schema(implementation = SubscriptionView.class))))
    @Get(value = "/subscriptions", produces = MediaType.APPLICATION_JSON)
    public String list(Authentication who) {
        return json(book.all().stream().filter(s -> mayManage(who, s))
                .sorted(Comparator.comparing(Subscription::createdAt)).map(s -> SubscriptionView.of(s, null)).toList());
    }

    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @Post(value = "/subscriptions", produces = MediaType.APPLICATION_JSON, consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<String> create(Authentication who, @Body String body) {
        try {
            SubscriptionForm.Result result = form.build(SubscriptionForm.read(body), SubscriptionForm.newId(), who.getName(),
                    Optional.empty(), clock.instant());
            Subscription stored = book.create(askToConfirm(result.subscription(), List.of(), new HashMap<>()), who.getName());
            return HttpResponse.<String>status(HttpStatus.CREATED).body(json(SubscriptionView.of(stored, result.generatedSecrets())));
        } catch (SubscriptionForm.Invalid e) {
            return errors(HttpStatus.BAD_REQUEST, form.allProblems(e, Optional.empty(), clock.instant()));
        }
    }

    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @Get(value = "/subscriptions/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> get(Authentication who, String id) {
        return owned(who, id).<HttpResponse<String>>map(s -> HttpResponse.ok(json(SubscriptionView.of(s, null))))
                .orElseGet(() -> refusal(who, id));
    }

    /**
     * Replaces a subscription. With {@code version} in the body (as shown by GET), the change is refused with 409 if
     * the subscription changed since; without it, the change applies to whatever version is current.
     */
    @Put(value = "/subscriptions/{id}", produces = MediaType.APPLICATION_JSON, consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<String> replace(Authentication who, String id, @Body String body) {
        if (owned(who, id).isEmpty()) {
            return refusal(who, id);
        }
        try {
            SubscriptionRequest request = SubscriptionForm.read(body);
            Map<String, String> generated = new HashMap<>();
            Map<String, DeliveryOutcome> asked = new HashMap<>();
            Optional<Subscription> stored;
            if (request.version() != null) {
                Subscription existing = book.get(id).orElseThrow();
                try {
                    stored = Optional.of(book.replace(rebuild(request, who, existing, generated, asked)
                            .withVersion(request.version()), who.getName()));
                } catch (SubscriptionBook.Conflict e) {
                    return errors(HttpStatus.CONFLICT, List.of("version: the subscription changed since version "
                            + request.version() + "; it is at version " + e.current() + ": read it again and make the change on that"));
                }
            } else {
                stored = book.update(id, who.getName(), current -> rebuild(request, who, current, generated, asked));
            }
            return stored.<HttpResponse<String>>map(s -> HttpResponse.ok(json(SubscriptionView.of(s, generated))))
                    .orElseGet(() -> refusal(who, id));
        } catch (SubscriptionForm.Invalid e) {
            return errors(HttpStatus.BAD_REQUEST, form.allProblems(e, book.get(id), clock.instant()));
        } catch (InvalidEdit e) {
            return errors(HttpStatus.BAD_REQUEST, e.invalid.problems());
        }
    }

    /** The form's subscription from the request over {@code current}; confirmations asked once per request. */
    private Subscription rebuild(SubscriptionRequest request, Authentication who, Subscription current,
                                 Map<String, String> generated, Map<String, DeliveryOutcome> asked) {
        try {
            SubscriptionForm.Result result = form.build(request, current.id(), who.getName(), Optional.of(current), clock.instant());
            generated.putAll(result.generatedSecrets());
            return askToConfirm(result.subscription(), current.channels(), asked);
        } catch (SubscriptionForm.Invalid e) {
            throw new InvalidEdit(e);
        }
    }

    /** A form refusal from inside an edit that the book may apply more than once. */
    private static final class InvalidEdit extends RuntimeException {
        private final SubscriptionForm.Invalid invalid;

        InvalidEdit(SubscriptionForm.Invalid invalid) {
            super(invalid);
            this.invalid = invalid;
        }
    }

    @Post(value = "/subscriptions/{id}/pause", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> pause(Authentication who, String id) {
        return change(who, id, s -> s.withPaused(true, clock.instant()));
    }

    @Post(value = "/subscriptions/{id}/resume", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> resume(Authentication who, String id) {
        return change(who, id, s -> s.withPaused(false, clock.instant()));
    }

    /** Adds a silence: {@code {rule?, key?, until?, untilResolved?}}. */
    @Post(value = "/subscriptions/{id}/silences", produces = MediaType.APPLICATION_JSON, consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<String> silence(Authentication who, String id, @Body String body) {
        Optional<Subscription> existing = owned(who, id);
        if (existing.isEmpty()) {
            return refusal(who, id);
        }
        try {
            SubscriptionRequest.SilenceRequest request = Json.MAPPER.readValue(body, SubscriptionRequest.SilenceRequest.class);
            Subscription.Silence silence = SubscriptionForm.silence(request);
            return change(who, id, current -> {
                List<Subscription.Silence> silences = new ArrayList<>(current.silences());
                silences.add(silence);
                return current.withSilences(silences, clock.instant());
            });
        } catch (JsonProcessingException e) {
            return errors(HttpStatus.BAD_REQUEST, List.of("body: {rule?, key?, until?, untilResolved?} as JSON"));
        } catch (SubscriptionForm.Invalid e) {
            return errors(HttpStatus.BAD_REQUEST, e.problems());
        }
    }

    @Post(value = "/subscriptions/{id}/channels/{channel}/confirmation", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> askAgain(Authentication who, String id, String channel) {
        Optional<Subscription> existing = owned(who, id);
        if (existing.isEmpty()) {
            return refusal(who, id);
        }
        Optional<Subscription.Channel> pending = existing.get().channels().stream()
                .filter(c -> c.id().equals(channel) && c.status() == Subscription.ChannelStatus.PENDING).findFirst();
        if (pending.isEmpty()) {
            return errors(HttpStatus.BAD_REQUEST, List.of("channel: no email channel '" + channel + "' waiting for confirmation"));
        }
        Map<String, DeliveryOutcome> asked = new HashMap<>();
        return change(who, id, current -> askToConfirm(current, current.channels().stream()
                .filter(c -> !c.id().equals(channel)).toList(), asked));
    }

    @Delete("/subscriptions/{id}")
    public HttpResponse<String> delete(Authentication who, String id) {
        if (owned(who, id).isEmpty()) {
            return refusal(who, id);
        }
        book.delete(id, who.getName());
        return HttpResponse.noContent();
    }

    @ApiResponse(responseCode = "200", content = @Content(array = @ArraySchema(schema = @Schema(implementation = chokepoint.records.DeliveryAttempt.class))))
    @Get(value = "/subscriptions/{id}/deliveries", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> deliveries(Authentication who, String id, @Nullable @QueryValue("limit") Integer limitGiven) {
        // Optional, with its default (a primitive with a default was described as required by the OpenAPI).
        int limit = limitGiven == null ? 100 : limitGiven;
        if (owned(who, id).isEmpty()) {
            return refusal(who, id);
        }
        return HttpResponse.ok(json(history.ofSubscription(id, Math.max(1, Math.min(limit, 1000)))));
    }

    /** What was sent for a breach; owners see their own subscriptions' attempts, admins all. */
    @Get(value = "/breaches/{id}/deliveries", produces = MediaType.APPLICATION_JSON)
    public String breachDeliveries(Authentication who, String id, @Nullable @QueryValue("limit") Integer limitGiven) {
        // Optional, with its default (a primitive with a default was described as required by the OpenAPI).
        int limit = limitGiven == null ? 100 : limitGiven;
        List<DeliveryAttempt> attempts = history.ofBreach(id, Math.max(1, Math.min(limit, 1000))).stream()
                .filter(a -> AccessTokens.isAdmin(who) || a.subscription() != null
                        && book.get(a.subscription()).filter(s -> s.owner().equals(who.getName())).isPresent())
                .toList();
        return json(attempts);
    }

    /**
     * Sends a confirmation to each email channel that is new (not in {@code before}); says on the channel if it failed.
     * {@code asked} keeps what was sent in this request, so an edit made again on a newer version mails nobody twice.
     */
    private Subscription askToConfirm(Subscription subscription, List<Subscription.Channel> before, Map<String, DeliveryOutcome> asked) {
        Instant now = clock.instant();
        List<Subscription.Channel> channels = subscription.channels().stream().map(channel -> {
            boolean fresh = channel.status() == Subscription.ChannelStatus.PENDING && before.stream().noneMatch(b -> b.id().equals(channel.id())
                    && b.status() == Subscription.ChannelStatus.PENDING && channel.address().equalsIgnoreCase(b.address()));
            if (!fresh) {
                return channel;
            }
            DeliveryOutcome outcome = asked.computeIfAbsent(channel.id() + "|" + channel.address(), k -> mailer.ask(subscription, channel));
            return channel.withStatus(Subscription.ChannelStatus.PENDING, outcome.accepted()
                    ? "confirmation sent; waiting for the address to confirm"
                    : "confirmation not sent (" + outcome.detail() + "); ask again with POST …/channels/" + channel.id() + "/confirmation", now);
        }).toList();
        return subscription.withChannels(channels, now);
    }

    /** Applies {@code edit} to the latest version of a subscription its caller may manage. */
    private HttpResponse<String> change(Authentication who, String id, java.util.function.UnaryOperator<Subscription> edit) {
        if (owned(who, id).isEmpty()) {
            return refusal(who, id);
        }
        return book.update(id, who.getName(), edit).<HttpResponse<String>>map(s -> HttpResponse.ok(json(SubscriptionView.of(s, null))))
                .orElseGet(() -> refusal(who, id));
    }

    private Optional<Subscription> owned(Authentication who, String id) {
        return book.get(id).filter(s -> mayManage(who, s));
    }

    private static boolean mayManage(Authentication who, Subscription subscription) {
        return AccessTokens.isAdmin(who) || subscription.owner().equals(who.getName());
    }

    /** 404 when there is no such subscription, 403 when it is someone else's. */
    private HttpResponse<String> refusal(Authentication who, String id) {
        if (book.get(id).isPresent()) {
            return errors(HttpStatus.FORBIDDEN, List.of("subscription '" + id + "' belongs to another owner"));
        }
        return errors(HttpStatus.NOT_FOUND, List.of("no subscription '" + id + "'"));
    }


}
