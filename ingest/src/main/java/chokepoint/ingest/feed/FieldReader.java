package chokepoint.ingest.feed;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one field of a page as {@link chokepoint.config.DetailSpec} writes it: a CSS selector (the text of the elements
 * it selects), {@code selector@attribute}, {@code script:name} (an inline {@code var name = '…'}) or {@code regex:PATTERN}
 * (its first group, else the whole match, in the page's text: 등록일 2026-09-18 on a page with no date element); alternatives
 * separated by {@code ||}, the first that yields something wins.
 */
final class FieldReader {

    private FieldReader() {
    }

    static String read(Document page, String spec) {
        if (spec == null || spec.isBlank()) {
            return "";
        }
        for (String alternative : spec.split("\\|\\|")) {
            String value = one(page, alternative.trim());
            if (!value.isBlank()) {
                return value.trim();
            }
        }
        return "";
    }

    private static String one(Document page, String spec) {
        if (spec.startsWith("regex:")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(spec.substring("regex:".length()).trim()).matcher(page.text());
            return !m.find() ? "" : m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group();
        }
        if (spec.startsWith("script:")) {
            return scriptVariable(page, spec.substring("script:".length()).trim());
        }
        int at = spec.lastIndexOf('@');
        if (at > 0 && !spec.substring(at + 1).contains(" ") && !spec.substring(at + 1).contains("]")) {
            Element element = page.selectFirst(spec.substring(0, at).trim());
            return element == null ? "" : element.attr(spec.substring(at + 1).trim());
        }
        StringBuilder text = new StringBuilder();
        for (Element element : page.select(spec)) {
            text.append(text.isEmpty() ? "" : "\n").append(element.wholeText().strip().replaceAll("[ \\t\\x0B\\f\\r]+", " ")
                    .replaceAll("\\n\\s*\\n+", "\n"));
        }
        return text.toString();
    }

    /** The value of {@code var name = '…'} (or "…") in the page's inline scripts. */
    static String scriptVariable(Document page, String name) {
        Pattern assignment = Pattern.compile("\\b(?:var|let|const)?\\s*" + Pattern.quote(name) + "\\s*=\\s*(['\"])(.*?)(?<!\\\\)\\1",
                Pattern.DOTALL);
        for (Element script : page.select("script")) {
            Matcher matcher = assignment.matcher(script.data());
            if (matcher.find()) {
                return matcher.group(2).replace("\\'", "'").replace("\\\"", "\"");
            }
        }
        return "";
    }
}
