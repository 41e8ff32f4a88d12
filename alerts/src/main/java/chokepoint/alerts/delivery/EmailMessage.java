package chokepoint.alerts.delivery;

import chokepoint.alerts.threshold.Durations;
import chokepoint.records.Breach;

import java.util.List;

/**
 * A breach (or a group of them) as an email: the same facts as the Slack message, as plain text and as HTML.
 * Titles and evidence come from outside sources, so the HTML escapes them and the subject is kept on one line.
 *
 * @param subject        one line, no CR or LF
 * @param text           the text/plain part
 * @param html           the text/html part
 * @param unsubscribeUrl the link in the body and in the List-Unsubscribe header
 */
public record EmailMessage(String subject, String text, String html, String unsubscribeUrl) {

    private static final int MAX_INDICATORS = 5;
    private static final java.time.format.DateTimeFormatter MINUTE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    public EmailMessage {
        subject = oneLine(subject);
    }

    /** The line under a breach's headline: its figures, or for a source's health its facts (it has no window). */
    static String summary(Breach breach) {
        if (breach.window() == null) {
            return breach.state() + ": " + String.join("; ", breach.criteria().stream()
                    .map(c -> c.name() + ": " + c.figure()).toList());
        }
        return breach.state() + ": " + breach.count() + " indicator(s) in " + Durations.human(breach.window())
                + " (threshold " + breach.threshold() + ")";
    }

    /** Breaches told for the first time. */
    public static EmailMessage of(List<Breach> breaches, String pageUrl, String unsubscribeUrl) {
        return ofNews(BreachNews.of(breaches, "", PreviouslyTold.NOTHING, pageUrl), pageUrl, unsubscribeUrl);
    }

    /** The subject says FIRING, UPDATE or RESOLVED; an update says what is new since the last message. */
    public static EmailMessage ofNews(List<BreachNews> news, String pageUrl, String unsubscribeUrl) {
        BreachNews first = news.get(0);
        String subject = news.size() == 1
                ? "[Chokepoint] " + first.label() + ": " + first.breach().ruleName() + " — " + first.breach().groupKey()
                : "[Chokepoint] " + news.size() + " breaches (" + String.join(", ", news.stream().map(n -> n.phase().name())
                        .distinct().toList()) + "): " + first.breach().ruleName() + " — " + first.breach().groupKey() + " and more";
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        for (BreachNews item : news) {
            Breach breach = item.breach();
            String headline = item.label() + ": " + breach.ruleName() + " — " + breach.groupKey();
            String summary = summary(breach);
            text.append(headline).append('\n').append(summary).append('\n');
            html.append("<h2>").append(escape(headline)).append("</h2><p>").append(escape(summary)).append("</p>");
            String whatIsNew = whatIsNew(item);
            if (whatIsNew != null) {
                text.append(whatIsNew).append('\n');
                html.append("<p><strong>").append(escape(whatIsNew)).append("</strong></p>");
            }
            text.append('\n');
            html.append("<ul>");
            List<Breach.IndicatorRef> ordered = new java.util.ArrayList<>(item.phase() == BreachNews.Phase.UPDATE ? item.fresh() : List.of());
            for (int i = breach.indicators().size() - 1; i >= 0; i--) {
                if (!ordered.contains(breach.indicators().get(i))) {
                    ordered.add(breach.indicators().get(i));
                }
            }
            for (Breach.IndicatorRef ref : ordered.subList(0, Math.min(MAX_INDICATORS, ordered.size()))) {
                String title = ref.title() == null ? "(no title)" : ref.title();
                String mark = item.isFresh(ref) ? "NEW " : "";
                String facts = ref.measure() + " · " + ref.stage() + " · " + (ref.actor() == null ? "?" : ref.actor())
                        + (ref.targets().isEmpty() ? "" : " → " + chokepoint.records.Vocabulary.describeTargets(ref.targets()))
                        + (ref.sectors().isEmpty() ? "" : " · " + String.join(", ", ref.sectors()))
                        + " · severity " + ref.severity();
                text.append("* ").append(mark).append(oneLine(title)).append('\n');
                if (ref.gist() != null) {
                    text.append("  In English: ").append(oneLine(ref.gist())).append('\n');
                }
                text.append("  ").append(facts).append('\n');
                if (ref.evidence() != null) {
                    text.append("  evidence: \"").append(oneLine(ref.evidence())).append("\"\n");
                }
                if (isHttp(ref.url())) {
                    text.append("  ").append(ref.url()).append('\n');
                }
                html.append("<li>").append(mark.isEmpty() ? "" : "<strong>new:</strong> ").append(isHttp(ref.url())
                                ? "<a href=\"" + escape(ref.url()) + "\">" + escape(title) + "</a>" : escape(title))
                        .append(ref.gist() == null ? "" : "<br><em>In English:</em> " + escape(ref.gist()))
                        .append("<br>").append(escape(facts));
                if (ref.evidence() != null) {
                    html.append("<br><em>evidence:</em> “").append(escape(ref.evidence())).append("”");
                }
                html.append("</li>");
            }
            html.append("</ul>");
            if (ordered.size() > MAX_INDICATORS) {
                text.append("... and ").append(ordered.size() - MAX_INDICATORS).append(" more notice(s) on the breach's page\n");
                html.append("<p>… and ").append(ordered.size() - MAX_INDICATORS).append(" more notice(s) on the breach's page</p>");
            }
            if (!breach.criteria().isEmpty()) {
                text.append("ACI Art. 2(2):\n");
                html.append("<p><strong>ACI Art. 2(2)</strong></p><ul>");
                for (Breach.Criterion criterion : breach.criteria()) {
                    text.append("- ").append(criterion.name()).append(": ").append(criterion.figure()).append('\n');
                    html.append("<li>").append(escape(criterion.name())).append(": ").append(escape(criterion.figure())).append("</li>");
                }
                html.append("</ul>");
            }
            if (!breach.responseOptions().isEmpty()) {
                text.append("Response options: ").append(String.join("; ", breach.responseOptions())).append('\n');
                html.append("<p><strong>Response options:</strong> ").append(escape(String.join("; ", breach.responseOptions()))).append("</p>");
            }
            text.append("Open this breach (its notices and sources): ").append(item.breachUrl()).append('\n')
                    .append("Dossier: ").append(item.dossierUrl()).append("\n\n");
            html.append("<p><a href=\"").append(escape(item.breachUrl())).append("\">Open this breach</a> (its notices and sources) · <a href=\"")
                    .append(escape(item.dossierUrl())).append("\">Dossier</a></p>");
        }
        text.append("Unsubscribe: ").append(unsubscribeUrl).append('\n');
        html.append("<p><a href=\"").append(escape(unsubscribeUrl)).append("\">Unsubscribe</a></p></body></html>");
        return new EmailMessage(subject, text.toString(), html.toString(), unsubscribeUrl);
    }

    /** For an update, what is new since the last message; for a resolution, why; null for a firing. */
    private static String whatIsNew(BreachNews item) {
        if (item.phase() == BreachNews.Phase.UPDATE) {
            String since = item.toldAt() == null ? "" : " (" + MINUTE.format(item.toldAt()) + ")";
            return "What is new since the last message" + since + ": " + (item.fresh().isEmpty() ? "no new notice; the figures changed"
                    : item.fresh().size() + " new notice(s), marked NEW below.");
        }
        if (item.phase() == BreachNews.Phase.RESOLVED) {
            return "The window has moved past: these are the notices it gathered while it fired.";
        }
        return null;
    }

    /** The message that asks a new address to confirm before anything else is sent to it. */
    public static EmailMessage confirmation(String subscriptionName, String confirmUrl, String unsubscribeUrl) {
        String subject = "[Chokepoint] Confirm your subscription “" + subscriptionName + "”";
        String text = "Someone asked Chokepoint to send alerts for “" + oneLine(subscriptionName) + "” to this address.\n\n"
                + "Confirm: " + confirmUrl + "\n\nIf this was not you, ignore this message: nothing more will be sent.\n"
                + "Unsubscribe: " + unsubscribeUrl + "\n";
        String html = "<!DOCTYPE html><html><body style=\"font-family:sans-serif\"><p>Someone asked Chokepoint to send alerts for “"
                + escape(subscriptionName) + "” to this address.</p><p><a href=\"" + escape(confirmUrl)
                + "\">Confirm the subscription</a></p><p>If this was not you, ignore this message: nothing more will be sent.</p>"
                + "<p><a href=\"" + escape(unsubscribeUrl) + "\">Unsubscribe</a></p></body></html>";
        return new EmailMessage(subject, text, html, unsubscribeUrl);
    }

    /** CR, LF and other control characters become spaces: a title must not start a new header line. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static boolean isHttp(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://"));
    }
}
