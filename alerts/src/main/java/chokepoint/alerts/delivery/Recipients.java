package chokepoint.alerts.delivery;

import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionMatcher;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.SlackSettings;
import chokepoint.records.Breach;
import chokepoint.records.Json;
import chokepoint.records.Subscription;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who receives a breach: the operator's channels from the configuration (every breach), and each active channel of
 * every subscription whose filter wants it and that is neither paused nor silenced. Subscriptions in digest mode,
 * or in their quiet hours, get it later: those recipients come back as deferred.
 */
public final class Recipients {

    /** Recipients now, and recipients that get the breach in a digest or when their quiet hours end. */
    public record Resolved(List<Recipient> now, List<Recipient> deferred) {
    }

    private final ChokepointConfig config;
    private final SubscriptionBook subscriptions;
    private final SecretBox box;

    public Recipients(ChokepointConfig config, SubscriptionBook subscriptions, SecretBox box) {
        this.config = config;
        this.subscriptions = subscriptions;
        this.box = box;
    }

    public Resolved of(Breach breach, Instant now) {
        List<Recipient> immediate = new ArrayList<>();
        List<Recipient> deferred = new ArrayList<>();
        for (SlackSettings.Webhook webhook : config.slack().webhooks()) {
            immediate.add(new Recipient("config/slack:" + webhook.name(), null, null, Subscription.ChannelType.SLACK,
                    webhook.url(), null));
        }
        for (String address : config.email().recipients()) {
            immediate.add(new Recipient("config/email:" + address, null, null, Subscription.ChannelType.EMAIL, address, null));
        }
        for (Subscription subscription : subscriptions.all()) {
            if (subscription.paused() || !SubscriptionMatcher.wants(subscription, breach)
                    || SubscriptionMatcher.silenced(subscription, breach, now)) {
                continue;
            }
            boolean later = subscription.mode().digest() || SubscriptionMatcher.inQuietHours(subscription.quietHours(), now);
            for (Subscription.Channel channel : subscription.channels()) {
                if (channel.status() == Subscription.ChannelStatus.ACTIVE) {
                    (later ? deferred : immediate).add(recipient(subscription, channel));
                }
            }
        }
        return new Resolved(immediate, deferred);
    }

    /**
     * The recipient of this key as it is now: an operator's channel of the configuration, or an active channel of a
     * subscription that is not paused; empty when it is gone, paused or no longer active.
     */
    public Optional<Recipient> byKey(String key) {
        for (SlackSettings.Webhook webhook : config.slack().webhooks()) {
            if (key.equals("config/slack:" + webhook.name())) {
                return Optional.of(new Recipient(key, null, null, Subscription.ChannelType.SLACK, webhook.url(), null));
            }
        }
        int slash = key.indexOf('/');
        if (slash < 0 || key.startsWith("config/")) {
            return Optional.empty();
        }
        String channelId = key.substring(slash + 1);
        return subscriptions.get(key.substring(0, slash)).filter(s -> !s.paused()).flatMap(s -> s.channels().stream()
                .filter(c -> c.id().equals(channelId) && c.status() == Subscription.ChannelStatus.ACTIVE).findFirst()
                .map(c -> recipient(s, c)));
    }

    /** A subscription's channel with its sealed URL and secret opened. */
    public Recipient recipient(Subscription subscription, Subscription.Channel channel) {
        String key = subscription.id() + "/" + channel.id();
        if (channel.type() == Subscription.ChannelType.EMAIL) {
            return new Recipient(key, subscription.id(), channel.id(), channel.type(), channel.address(), null);
        }
        JsonNode secrets = readSealed(channel.sealed());
        return new Recipient(key, subscription.id(), channel.id(), channel.type(), secrets.path("url").asText(),
                secrets.hasNonNull("secret") ? secrets.get("secret").asText() : null);
    }

    private JsonNode readSealed(String sealed) {
        try {
            return Json.MAPPER.readTree(box.open(sealed));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a sealed channel is not readable");
        }
    }
}
