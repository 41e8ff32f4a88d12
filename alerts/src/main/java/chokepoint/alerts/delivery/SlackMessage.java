package chokepoint.alerts.delivery;

import chokepoint.alerts.threshold.Durations;
import chokepoint.records.Breach;
import chokepoint.records.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A breach as a Slack Block Kit message: what crossed, for whom, and the newest indicators with their links.
 * Titles come from outside sources: Slack's mrkdwn control characters are escaped so a title cannot forge a
 * link or a mention.
 */
public final class SlackMessage {

    private static final int MAX_INDICATORS = 5;

    private SlackMessage() {
    }

    private static final int MAX_BREACHES = 10;

    /** One breach as a full message; several (a group that arrived within the group wait) as one summary. */
    public static String of(List<Breach> breaches, String pageUrl) {
        if (breaches.size() == 1) {
            return of(breaches.get(0), pageUrl);
        }
        ObjectNode message = Json.MAPPER.createObjectNode();
        String headline = ":rotating_light: " + breaches.size() + " breaches";
        message.put("text", headline + ": " + String.join("; ", breaches.stream().limit(MAX_BREACHES)
                .map(b -> b.ruleName() + " — " + b.groupKey()).toList()));
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text").put("text", headline);
        for (Breach breach : breaches.subList(0, Math.min(MAX_BREACHES, breaches.size()))) {
            StringBuilder line = new StringBuilder("*" + escape(truncate(breach.ruleName(), 150)) + "* — "
                    + escape(breach.groupKey()) + ": " + escape(truncate(EmailMessage.summary(breach), 300)));
            if (!breach.indicators().isEmpty()) {
                Breach.IndicatorRef ref = breach.indicators().get(breach.indicators().size() - 1);
                String title = escape(truncate(ref.title() == null ? "(no title)" : ref.title(), 150));
                line.append("\n").append(ref.url() != null && ref.url().startsWith("http") ? "<" + escape(ref.url()) + "|" + title + ">" : title)
                        .append(" · ").append(ref.measure()).append(" · ").append(ref.stage())
                        .append(" · severity ").append(ref.severity());
                if (ref.gist() != null) {
                    line.append("\n_In English:_ ").append(escape(truncate(ref.gist(), 300)));
                }
                if (ref.evidence() != null) {
                    line.append("\n_evidence:_ “").append(escape(truncate(ref.evidence(), 120))).append("”");
                }
            }
            breach.criteria().stream().filter(c -> c.name().equals("intensity") || c.name().equals("breadth"))
                    .forEach(c -> line.append("\n• ").append(c.name()).append(": ").append(escape(c.figure())));
            line.append("\nBreach ").append(escape(breach.id())).append(" ");
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", line.toString());
        }
        if (breaches.size() > MAX_BREACHES) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", "… and " + (breaches.size() - MAX_BREACHES) + " more on the page");
        }
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "<" + pageUrl + "|open Chokepoint>");
        return message.toString();
    }

    public static String of(Breach breach, String pageUrl) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        boolean health = "health".equals(breach.kind());
        String headline = (breach.state() == Breach.State.FIRING ? (health ? ":warning: " : ":rotating_light: ") : ":white_check_mark: ")
                + breach.ruleName() + (health ? "" : " — " + breach.groupKey());
        if (health) {
            return healthMessage(message, breach, headline, pageUrl);
        }
        message.put("text", headline + " (" + breach.count() + " indicator(s) in " + Durations.human(breach.window()) + ")");
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", truncate(headline, 150));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text",
                "*" + breach.state() + "*: " + breach.count() + " indicator(s) in " + Durations.human(breach.window())
                        + " (threshold " + breach.threshold() + ") for *" + escape(breach.groupKey()) + "*");
        List<Breach.IndicatorRef> newest = breach.indicators().subList(
                Math.max(0, breach.indicators().size() - MAX_INDICATORS), breach.indicators().size());
        for (Breach.IndicatorRef ref : newest) {
            String title = escape(truncate(ref.title() == null ? "(no title)" : ref.title(), 200));
            String line = (ref.url() != null && ref.url().startsWith("http") ? "<" + escape(ref.url()) + "|" + title + ">" : title)
                    + "\n" + ref.measure() + " · " + ref.stage() + " · " + (ref.actor() == null ? "?" : ref.actor())
                    + (ref.targets().isEmpty() ? "" : " → " + chokepoint.records.Vocabulary.describeTargets(ref.targets()))
                    + (ref.sectors().isEmpty() ? "" : " · " + String.join(", ", ref.sectors()))
                    + " · severity " + ref.severity()
                    + (ref.gist() == null ? "" : "\n_In English:_ " + escape(truncate(ref.gist(), 300)))
                    + (ref.evidence() == null ? "" : "\n_evidence:_ “" + escape(truncate(ref.evidence(), 120)) + "”");
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", line);
        }
        if (!breach.criteria().isEmpty()) {
            StringBuilder criteria = new StringBuilder("*ACI Art. 2(2)*");
            breach.criteria().forEach(c -> criteria.append("\n• ").append(c.name()).append(": ").append(escape(c.figure())));
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", criteria.toString());
        }
        if (!breach.counterLeverage().isEmpty()) {
            StringBuilder leverage = new StringBuilder("*Counter-leverage*");
            breach.counterLeverage().stream().limit(3).forEach(l -> leverage.append("\n• ").append(escape(l)));
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", leverage.toString());
        }
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "Breach " + escape(breach.id()) + " · <" + pageUrl + "|open Chokepoint>");
        return message.toString();
    }

    /** A source's own trouble: no indicators, the failure facts instead. */
    private static String healthMessage(ObjectNode message, Breach breach, String headline, String pageUrl) {
        message.put("text", headline + " (" + breach.state() + ")");
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text").put("text", truncate(headline, 150));
        StringBuilder facts = new StringBuilder("*" + breach.state() + "*");
        breach.criteria().forEach(c -> facts.append("\n• ").append(c.name()).append(": ").append(escape(truncate(c.figure(), 300))));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", facts.toString());
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "<" + pageUrl + "|open Chokepoint>");
        return message.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
