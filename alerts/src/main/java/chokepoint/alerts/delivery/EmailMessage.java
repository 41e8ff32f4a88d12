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

    public static EmailMessage of(List<Breach> breaches, String pageUrl, String unsubscribeUrl) {
        Breach first = breaches.get(0);
        String subject = breaches.size() == 1
                ? "[Chokepoint] " + first.ruleName() + " — " + first.groupKey()
                : "[Chokepoint] " + breaches.size() + " breaches: " + first.ruleName() + " — " + first.groupKey() + " and more";
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        for (Breach breach : breaches) {
            String headline = breach.ruleName() + " — " + breach.groupKey();
            String summary = summary(breach);
            text.append(headline).append('\n').append(summary).append("\n\n");
            html.append("<h2>").append(escape(headline)).append("</h2><p>").append(escape(summary)).append("</p><ul>");
            List<Breach.IndicatorRef> newest = breach.indicators().subList(
                    Math.max(0, breach.indicators().size() - MAX_INDICATORS), breach.indicators().size());
            for (Breach.IndicatorRef ref : newest) {
                String title = ref.title() == null ? "(no title)" : ref.title();
                String facts = ref.measure() + " · " + ref.stage() + " · " + (ref.actor() == null ? "?" : ref.actor())
                        + (ref.targets().isEmpty() ? "" : " → " + chokepoint.records.Vocabulary.describeTargets(ref.targets()))
                        + (ref.sectors().isEmpty() ? "" : " · " + String.join(", ", ref.sectors()))
                        + " · severity " + ref.severity();
                text.append("* ").append(oneLine(title)).append('\n');
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
                html.append("<li>").append(isHttp(ref.url())
                                ? "<a href=\"" + escape(ref.url()) + "\">" + escape(title) + "</a>" : escape(title))
                        .append(ref.gist() == null ? "" : "<br><em>In English:</em> " + escape(ref.gist()))
                        .append("<br>").append(escape(facts));
                if (ref.evidence() != null) {
                    html.append("<br><em>evidence:</em> “").append(escape(ref.evidence())).append("”");
                }
                html.append("</li>");
            }
            html.append("</ul>");
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
            text.append("Breach ").append(breach.id()).append("\n\n");
        }
        text.append("Open Chokepoint: ").append(pageUrl).append('\n')
                .append("Unsubscribe: ").append(unsubscribeUrl).append('\n');
        html.append("<p><a href=\"").append(escape(pageUrl)).append("\">Open Chokepoint</a> · <a href=\"")
                .append(escape(unsubscribeUrl)).append("\">Unsubscribe</a></p></body></html>");
        return new EmailMessage(subject, text.toString(), html.toString(), unsubscribeUrl);
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
