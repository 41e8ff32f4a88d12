package chokepoint.config;

import java.util.List;

/** Email recipients of every breach (delivery by SMTP arrives with subscriptions). */
public record EmailSettings(List<String> recipients) {

    public EmailSettings {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }
}
