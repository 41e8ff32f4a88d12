package chokepoint.config;

import java.util.List;

/** Slack incoming webhooks that receive every breach. Their URLs are secrets: never log them. */
public record SlackSettings(List<Webhook> webhooks) {

    public SlackSettings {
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    /**
     * @param name shown in logs and on the page instead of the URL
     * @param url  the incoming webhook address (a secret)
     */
    public record Webhook(String name, String url) {
        @Override
        public String toString() {
            return "Webhook[" + name + "]";
        }
    }
}
