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
                    + (ref.targets().isEmpty() ? "" : " → " + String.join(", ", ref.targets()))
                    + (ref.sectors().isEmpty() ? "" : " · " + String.join(", ", ref.sectors()))
                    + " · severity " + ref.severity()
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
