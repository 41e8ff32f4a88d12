package chokepoint.alerts.subscriptions;

import chokepoint.alerts.security.SecretBox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The links inside emails: confirm an address, unsubscribe from a channel. Each carries an HMAC of what it
 * does, for whom, so that only the mailbox that received it can use it; none needs a login.
 */
public final class SubscriptionLinks {

    private final String publicUrl;
    private final SecretBox box;

    public SubscriptionLinks(String publicUrl, SecretBox box) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.box = box;
    }

    /** {@code recipientKey} is {@code subscriptionId/channelId} or {@code config/email:address}. */
    public String confirm(String recipientKey, String address) {
        return link("confirm", recipientKey, address);
    }

    public String unsubscribe(String recipientKey, String address) {
        return link("unsubscribe", recipientKey, address);
    }

    public boolean valid(String action, String recipientKey, String address, String token) {
        return box.verify(action + "|" + recipientKey + "|" + address, token);
    }

    private String link(String action, String recipientKey, String address) {
        return publicUrl + "/subscriptions/" + action + "?r=" + URLEncoder.encode(recipientKey, StandardCharsets.UTF_8)
                + "&t=" + box.sign(action + "|" + recipientKey + "|" + address);
    }
}
