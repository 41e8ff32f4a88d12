package chokepoint.alerts.web;

import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import chokepoint.records.Subscription;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The links inside emails, which need no login but a valid signature: confirm an address; unsubscribe. A GET on
 * the unsubscribe link only shows a button, because mail scanners follow links; the button, and mail clients'
 * one-click unsubscribe (RFC 8058), POST.
 */
// Store scans, Kafka writes waited for and mail sent: blocking work, kept off the HTTP event loop that serves the live page.
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/subscriptions")
@Secured(SecurityRule.IS_ANONYMOUS)
public class EmailLinksController {

    private final SubscriptionBook book;
    private final SubscriptionLinks links;

    public EmailLinksController(SubscriptionBook book, SubscriptionLinks links) {
        this.book = book;
        this.links = links;
    }

    @Get(value = "/confirm", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> confirm(@QueryValue("r") String recipient, @QueryValue("t") String token) {
        Optional<Found> found = find(recipient, "confirm", token);
        if (found.isEmpty()) {
            return page(HttpStatus.NOT_FOUND, "Link not valid", "This confirmation link is not valid, or its subscription is gone.");
        }
        Found f = found.get();
        if (f.channel().status() == Subscription.ChannelStatus.PENDING) {
            update(f, f.channel().withStatus(Subscription.ChannelStatus.ACTIVE, null, Instant.now()));
        }
        return page(HttpStatus.OK, "Subscription confirmed", "Alerts for “" + f.subscription().name() + "” will now be sent to "
                + f.channel().address() + ".");
    }

    @Get(value = "/unsubscribe", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> unsubscribeForm(@QueryValue("r") String recipient, @QueryValue("t") String token) {
        if (recipient.startsWith("config/")) {
            return page(HttpStatus.OK, "Sent by the operator", "This address is set in the Chokepoint configuration "
                    + "(email.recipients); ask the people who run it to remove it.");
        }
        if (find(recipient, "unsubscribe", token).isEmpty()) {
            return page(HttpStatus.NOT_FOUND, "Link not valid", "This unsubscribe link is not valid, or the subscription is gone.");
        }
        String action = "/subscriptions/unsubscribe?r=" + URLEncoder.encode(recipient, StandardCharsets.UTF_8) + "&t="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return HttpResponse.ok(html("Unsubscribe", "<p>Stop sending these alerts to this address?</p><form method=\"post\" action=\""
                + escape(action) + "\"><button type=\"submit\">Unsubscribe</button></form>"));
    }

    @Post(value = "/unsubscribe", produces = MediaType.TEXT_HTML, consumes = {MediaType.APPLICATION_FORM_URLENCODED,
            MediaType.TEXT_PLAIN, MediaType.ALL})
    public HttpResponse<String> unsubscribe(@QueryValue("r") String recipient, @QueryValue("t") String token) {
        Optional<Found> found = find(recipient, "unsubscribe", token);
        if (found.isEmpty()) {
            return page(HttpStatus.NOT_FOUND, "Link not valid", "This unsubscribe link is not valid, or the subscription is gone.");
        }
        Found f = found.get();
        book.update(f.subscription().id(), "email-link", latest -> {
            List<Subscription.Channel> remaining = latest.channels().stream().filter(c -> !c.id().equals(f.channel().id())).toList();
            return remaining.isEmpty() ? null : latest.withChannels(remaining, Instant.now());
        });
        return page(HttpStatus.OK, "Unsubscribed", f.channel().address() + " will receive nothing more from “"
                + f.subscription().name() + "”.");
    }

    private record Found(Subscription subscription, Subscription.Channel channel) {
    }

    private Optional<Found> find(String recipient, String action, String token) {
        int slash = recipient.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String id = recipient.substring(0, slash);
        String channelId = recipient.substring(slash + 1);
        return book.get(id).flatMap(s -> s.channels().stream().filter(c -> c.id().equals(channelId)
                        && c.type() == Subscription.ChannelType.EMAIL).findFirst().map(c -> new Found(s, c)))
                .filter(f -> links.valid(action, recipient, f.channel().address(), token));
    }

    private void update(Found found, Subscription.Channel channel) {
        book.update(found.subscription().id(), "email-link", latest -> latest.withChannels(latest.channels().stream()
                .map(c -> c.id().equals(channel.id()) ? channel : c).toList(), Instant.now()));
    }

    private static HttpResponse<String> page(HttpStatus status, String title, String text) {
        return HttpResponse.<String>status(status).body(html(title, "<p>" + escape(text) + "</p>"));
    }

    private static String html(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " · Chokepoint</title><link rel=\"stylesheet\" href=\"/app.css\"></head><body><main><h1>" + escape(title)
                + "</h1>" + body + "<p><a href=\"/\">Open Chokepoint</a></p></main></body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
