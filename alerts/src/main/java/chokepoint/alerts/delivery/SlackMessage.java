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
    private static final java.time.format.DateTimeFormatter MINUTE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    /** Breaches told for the first time, linked to the page at {@code pageUrl}. */
    public static String of(List<Breach> breaches, String pageUrl) {
        return ofNews(BreachNews.of(breaches, "", PreviouslyTold.NOTHING, pageUrl), pageUrl);
    }

    public static String of(Breach breach, String pageUrl) {
        return of(List.of(breach), pageUrl);
    }

    /** One breach as a full message; several (a group that arrived within the group wait) as one summary. */
    public static String ofNews(List<BreachNews> news, String pageUrl) {
        if (news.size() == 1) {
            return of(news.get(0), pageUrl);
        }
        ObjectNode message = Json.MAPPER.createObjectNode();
        String headline = ":rotating_light: " + counts(news);
        message.put("text", headline + ": " + String.join("; ", news.stream().limit(MAX_BREACHES)
                .map(n -> n.phase() + " " + n.breach().ruleName() + " — " + n.breach().groupKey()).toList()));
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text").put("text", truncate(headline, 150));
        for (BreachNews item : news.subList(0, Math.min(MAX_BREACHES, news.size()))) {
            Breach breach = item.breach();
            StringBuilder line = new StringBuilder("*" + item.label() + "* · <" + item.breachUrl() + "|"
                    + escape(truncate(breach.ruleName(), 150)) + " — " + escape(breach.groupKey()) + ">: "
                    + escape(truncate(EmailMessage.summary(breach), 300)));
            List<Breach.IndicatorRef> shown = item.phase() == BreachNews.Phase.UPDATE && !item.fresh().isEmpty() ? item.fresh()
                    : breach.indicators();
            if (!shown.isEmpty()) {
                Breach.IndicatorRef ref = shown.get(shown.size() - 1);
                line.append("\n").append(item.isFresh(ref) ? "*new:* " : "").append(linked(ref, 150))
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
            line.append("\n<").append(item.dossierUrl()).append("|dossier>");
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", line.toString());
        }
        if (news.size() > MAX_BREACHES) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", "… and " + (news.size() - MAX_BREACHES) + " more on <" + pageUrl + "|the page>");
        }
        return message.toString();
    }

    /** "2 FIRING, 1 UPDATE": what a grouped message holds. */
    private static String counts(List<BreachNews> news) {
        java.util.Map<BreachNews.Phase, Long> byPhase = new java.util.EnumMap<>(BreachNews.Phase.class);
        news.forEach(n -> byPhase.merge(n.phase(), 1L, Long::sum));
        return String.join(", ", byPhase.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
    }

    static String of(BreachNews item, String pageUrl) {
        Breach breach = item.breach();
        ObjectNode message = Json.MAPPER.createObjectNode();
        boolean health = "health".equals(breach.kind());
        String icon = item.phase() == BreachNews.Phase.RESOLVED ? ":white_check_mark: " : health ? ":warning: "
                : item.phase() == BreachNews.Phase.UPDATE ? ":arrow_up: " : ":rotating_light: ";
        String headline = icon + item.phase() + ": " + breach.ruleName() + (health ? "" : " — " + breach.groupKey());
        if (health) {
            return healthMessage(message, item, headline);
        }
        message.put("text", headline + " (" + breach.count() + " indicator(s) in " + Durations.human(breach.window()) + ")");
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", truncate(headline, 150));
        StringBuilder summary = new StringBuilder("*" + item.label() + "*: " + breach.count() + " indicator(s) in "
                + Durations.human(breach.window()) + " (threshold " + breach.threshold() + ") for *" + escape(breach.groupKey()) + "*");
        if (item.phase() == BreachNews.Phase.UPDATE) {
            summary.append("\n*What is new since the last message*")
                    .append(item.toldAt() == null ? "" : " (" + MINUTE.format(item.toldAt()) + ")").append(": ")
                    .append(item.fresh().isEmpty() ? "no new notice; the figures changed"
                            : item.fresh().size() + " new notice(s), marked *new* below");
        } else if (item.phase() == BreachNews.Phase.RESOLVED) {
            summary.append("\nThe window has moved past: these are the notices it gathered while it fired.");
        }
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", summary.toString());
        // The new ones first in an update, then the newest of the rest.
        List<Breach.IndicatorRef> ordered = new java.util.ArrayList<>(item.phase() == BreachNews.Phase.UPDATE ? item.fresh() : List.of());
        for (int i = breach.indicators().size() - 1; i >= 0; i--) {
            if (!ordered.contains(breach.indicators().get(i))) {
                ordered.add(breach.indicators().get(i));
            }
        }
        for (Breach.IndicatorRef ref : ordered.subList(0, Math.min(MAX_INDICATORS, ordered.size()))) {
            String line = (item.isFresh(ref) ? "*new:* " : "") + linked(ref, 200)
                    + "\n" + ref.measure() + " · " + ref.stage() + " · " + (ref.actor() == null ? "?" : ref.actor())
                    + (ref.targets().isEmpty() ? "" : " → " + chokepoint.records.Vocabulary.describeTargets(ref.targets()))
                    + (ref.sectors().isEmpty() ? "" : " · " + String.join(", ", ref.sectors()))
                    + " · severity " + ref.severity()
                    + (ref.gist() == null ? "" : "\n_In English:_ " + escape(truncate(ref.gist(), 300)))
                    + (ref.evidence() == null ? "" : "\n_evidence:_ “" + escape(truncate(ref.evidence(), 120)) + "”");
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", line);
        }
        if (ordered.size() > MAX_INDICATORS) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", "… and " + (ordered.size() - MAX_INDICATORS) + " more notice(s) on <" + item.breachUrl() + "|the breach's page>");
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
                .put("text", "<" + item.breachUrl() + "|open this breach> (its notices and sources) · <" + item.dossierUrl()
                        + "|dossier>");
        return message.toString();
    }

    /** A notice's title, linked to its source when the link is http(s). */
    private static String linked(Breach.IndicatorRef ref, int max) {
        String title = escape(truncate(ref.title() == null ? "(no title)" : ref.title(), max));
        return ref.url() != null && ref.url().startsWith("http") ? "<" + escape(ref.url()) + "|" + title + ">" : title;
    }

    /** A source's own trouble: no indicators, the failure facts instead. */
    private static String healthMessage(ObjectNode message, BreachNews item, String headline) {
        Breach breach = item.breach();
        message.put("text", headline);
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text").put("text", truncate(headline, 150));
        StringBuilder facts = new StringBuilder("*" + item.phase() + "*");
        breach.criteria().forEach(c -> facts.append("\n• ").append(c.name()).append(": ").append(escape(truncate(c.figure(), 300))));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", facts.toString());
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "<" + item.breachUrl() + "|open this breach>");
        return message.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
