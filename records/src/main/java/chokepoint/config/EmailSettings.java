package chokepoint.config;

import java.time.Duration;
import java.util.List;

/**
 * Email: the operator's recipients of every breach, and the SMTP server that carries all mail (these recipients,
 * subscriptions' email channels, confirmation messages).
 *
 * @param recipients addresses that receive every breach, without confirmation (the operator put them here)
 * @param smtp       how to reach the mail server
 */
public record EmailSettings(List<String> recipients, Smtp smtp) {

    public EmailSettings {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        smtp = smtp == null ? new Smtp("", 25, "none", "", "", "Chokepoint <chokepoint@localhost>", Duration.ofSeconds(20)) : smtp;
    }

    /** True when a mail server is configured. */
    public boolean enabled() {
        return smtp.host() != null && !smtp.host().isBlank();
    }

    /**
     * @param host     the SMTP server; empty turns email off
     * @param port     25, 587 (STARTTLS) or 465 (TLS)
     * @param security none, starttls (required, not opportunistic) or ssl
     * @param username empty for no authentication
     * @param password a secret: never logged or shown
     * @param from     the From address, optionally with a display name
     * @param timeout  connect, read and write timeout of one SMTP conversation
     */
    public record Smtp(String host, int port, String security, String username, String password, String from,
                       Duration timeout) {
        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + ", " + security + ", user " + (username == null || username.isBlank() ? "none" : username) + "]";
        }
    }
}
