package chokepoint.deploy;

import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Slack message (Block Kit JSON, as the demo's Slack stand-in received it) as a plain HTML page, to look at and to
 * photograph in a browser: header, sections and context, with mrkdwn's bold, italics and {@code <url|text>} links.
 * Not Slack's own rendering, which needs a workspace: the same words and links, in a page of our own.
 */
final class SlackPreview {

    private static final Pattern LINK = Pattern.compile("&lt;(https?://[^|&]+(?:&amp;[^|&]+)*)\\|(.*?)&gt;");

    private SlackPreview() {
    }

    static String html(String blockKit) throws Exception {
        JsonNode message = Json.MAPPER.readTree(blockKit);
        StringBuilder page = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>Slack message</title><style>
                body{font:15px/1.46 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;
                margin:0;background:#f8f8f8;color:#1d1c1d}
                .channel{background:#3f0e40;color:#fff;padding:.6rem 1rem;font-weight:700}
                .message{display:flex;gap:.6rem;padding:1rem;background:#fff;border-bottom:1px solid #e8e8e8}
                .avatar{flex:none;width:36px;height:36px;border-radius:6px;background:#b3261e;color:#fff;font-weight:700;
                display:flex;align-items:center;justify-content:center}
                .who{font-weight:900}.who span{font-weight:400;color:#616061;font-size:.8rem;margin-left:.4rem}
                h1{font-size:1.05rem;margin:.3rem 0}.section{margin:.5rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
                .context{color:#616061;font-size:.8rem;margin-top:.6rem}a{color:#1264a3;text-decoration:none}
                </style></head><body><div class="channel"># eu-trade-desk</div><div class="message"><div class="avatar">C</div><div>
                <div class="who">Chokepoint <span>APP</span></div>
                """);
        for (JsonNode block : message.path("blocks")) {
            switch (block.path("type").asText()) {
                // Slack draws :rotating_light: and the like as emoji; this page leaves them out.
                case "header" -> page.append("<h1>").append(escape(block.path("text").path("text").asText()
                        .replaceAll(":[a-z_]+: ", ""))).append("</h1>");
                case "section" -> page.append("<div class=\"section\">").append(mrkdwn(block.path("text").path("text").asText()))
                        .append("</div>");
                case "context" -> block.path("elements").forEach(e -> page.append("<div class=\"context\">")
                        .append(mrkdwn(e.path("text").asText())).append("</div>"));
                default -> { }
            }
        }
        return page.append("</div></div></body></html>").toString();
    }

    /** mrkdwn as Slack shows it: *bold*, _italic_, <url|text>; the text was escaped by the sender already. */
    static String mrkdwn(String text) {
        String html = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                // The sender escaped &, < and > in titles; they come back as such.
                .replace("&amp;amp;", "&amp;").replace("&amp;lt;", "&lt;").replace("&amp;gt;", "&gt;");
        Matcher link = LINK.matcher(html);
        StringBuilder out = new StringBuilder();
        while (link.find()) {
            link.appendReplacement(out, Matcher.quoteReplacement("<a href=\"" + link.group(1) + "\">" + link.group(2) + "</a>"));
        }
        link.appendTail(out);
        return out.toString().replaceAll("\\*([^*\\n]+)\\*", "<b>$1</b>").replaceAll("(?<![\\w/])_([^_\\n]+)_(?!\\w)", "<i>$1</i>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
