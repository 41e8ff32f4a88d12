package chokepoint.alerts.delivery;

import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionMatcher;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.SlackSettings;
import chokepoint.records.Breach;
import chokepoint.records.Json;
import chokepoint.records.OutboundMessage;
import chokepoint.records.Subscription;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who receives a breach: the operator's channels from the configuration (every breach), and each active channel of
 * every subscription whose filter wants it and that is neither paused nor silenced. Subscriptions in digest mode, or
 * in their quiet hours, get it later: those come back as deferred. Also the way back from an outbox message to the
 * receiver's URL and secret, and whether its channel still wants messages when it is sent.
 */
public final class Recipients {

    /** Recipients now, and recipients that get the breach in a digest or when their quiet hours end. */
    public record Resolved(List<Address> now, List<Address> deferred) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Recipients.class);

    private final SecretBox box;
    private final List<Address> operators = new ArrayList<>();
    /** Receivers by sealed channel: a breach asks for every channel's, and opening a seal costs a decryption. */
    private final Map<String, String> receivers = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    });

    public Recipients(ChokepointConfig config, SecretBox box) {
        this.box = box;
        // Sealed once: the configuration does not change while the process runs.
        for (SlackSettings.Webhook webhook : config.slack().webhooks()) {
            operators.add(new Address("config/slack:" + webhook.name(), null, null, Subscription.ChannelType.SLACK,
                    seal("url", webhook.url(), null), receiver(Subscription.ChannelType.SLACK, webhook.url())));
        }
        for (String address : config.email().recipients()) {
            operators.add(new Address("config/email:" + address, null, null, Subscription.ChannelType.EMAIL,
                    seal("address", address, null), receiver(Subscription.ChannelType.EMAIL, address)));
        }
    }

    public Resolved of(Breach breach, Instant now, Collection<Subscription> subscriptions) {
        List<Address> immediate = new ArrayList<>(operators);
        List<Address> deferred = new ArrayList<>();
        for (Subscription subscription : subscriptions) {
            if (subscription.paused() || !SubscriptionMatcher.wants(subscription, breach)
                    || SubscriptionMatcher.silenced(subscription, breach, now)) {
                continue;
            }
            boolean later = subscription.mode().digest() || SubscriptionMatcher.inQuietHours(subscription.quietHours(), now);
            for (Subscription.Channel channel : subscription.channels()) {
                if (channel.status() != Subscription.ChannelStatus.ACTIVE) {
                    continue;
                }
                try {
                    (later ? deferred : immediate).add(address(subscription, channel));
                } catch (RuntimeException e) {
                    // One channel whose seal cannot be opened must not cost the other recipients their message.
                    LOG.warn("channel {}/{} skipped: {}", subscription.id(), channel.id(), e.getMessage());
                }
            }
        }
        return new Resolved(immediate, deferred);
    }

    /** A subscription's channel as an address: its sealed URL and secret as they are, an email address sealed here. */
    public Address address(Subscription subscription, Subscription.Channel channel) {
        String key = subscription.id() + "/" + channel.id();
        if (channel.type() == Subscription.ChannelType.EMAIL) {
            return new Address(key, subscription.id(), channel.id(), channel.type(), seal("address", channel.address(), null),
                    receiver(channel.type(), channel.address()));
        }
        String receiver = receivers.get(channel.sealed());
        if (receiver == null) {
            receiver = receiver(channel.type(), opened(channel.sealed()).path("url").asText());
            receivers.put(channel.sealed(), receiver);
        }
        return new Address(key, subscription.id(), channel.id(), channel.type(), channel.sealed(), receiver);
    }

    /** The same channel under another key (a replay's re-delivery, logged apart from the live log). */
    public static Address rekeyed(Address address, String key) {
        return new Address(key, address.subscription(), address.channelId(), address.type(), address.sealed(), address.receiver());
    }

    /** The recipient of an outbox message with its URL (or address) and secret opened, to send to. */
    public Recipient open(OutboundMessage message) {
        JsonNode secrets = opened(message.sealed());
        String target = secrets.hasNonNull("url") ? secrets.get("url").asText() : secrets.path("address").asText();
        return new Recipient(message.recipient(), message.subscription(), message.channelId(), message.type(), target,
                secrets.hasNonNull("secret") ? secrets.get("secret").asText() : null);
    }

    /**
     * Whether the channel of an outbox message still takes messages now that it is sent: an operator's channel always;
     * a subscription's while it exists, is not paused and the channel is active (a message decided before a pause, a
     * deletion or a failure is not sent).
     */
    public static boolean stillWanted(OutboundMessage message, Optional<Subscription> subscription) {
        if (message.subscription() == null) {
            return true;
        }
        return subscription.filter(s -> !s.paused()).flatMap(s -> s.channels().stream()
                        .filter(c -> c.id().equals(message.channelId())).findFirst())
                .map(c -> c.status() == Subscription.ChannelStatus.ACTIVE).orElse(false);
    }

    /**
     * A receiver as a key: a digest of its URL or address, which may be a secret (a Slack webhook URL is its own
     * credential) and never leaves in clear.
     */
    public static String receiver(Subscription.ChannelType type, String target) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(target).getBytes(StandardCharsets.UTF_8));
            return type.name().toLowerCase() + ":" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private String seal(String field, String value, String secret) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(field, value);
        if (secret != null) {
            fields.put("secret", secret);
        }
        return box.seal(Json.MAPPER.valueToTree(fields).toString());
    }

    private JsonNode opened(String sealed) {
        try {
            return Json.MAPPER.readTree(box.open(sealed));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("a sealed channel is not readable (was delivery.secret-key changed?)");
        }
    }
}
