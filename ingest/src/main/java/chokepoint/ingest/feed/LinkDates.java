package chokepoint.ingest.feed;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The day a document's address carries, for publishers whose listing or feed gives no date they can be trusted for:
 * the foreign ministry's {@code t20241222_11514801.shtml}, OFAC's {@code /recent-actions/20260309}, the Council of the
 * EU's {@code /press-releases/2026/10/08/…}. The configured expression's groups, joined, are the eight digits
 * {@code yyyyMMdd}.
 */
public final class LinkDates {

    private LinkDates() {
    }

    /** The day as {@code yyyy-MM-dd}, or null when the expression is absent, does not match or names no eight digits. */
    public static String day(String expression, String link) {
        if (expression == null || link == null) {
            return null;
        }
        Matcher m = Pattern.compile(expression).matcher(link);
        if (!m.find()) {
            return null;
        }
        StringBuilder digits = new StringBuilder();
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                digits.append(m.group(g));
            }
        }
        if (!digits.toString().matches("\\d{8}")) {
            return null;
        }
        String d = digits.toString();
        return d.substring(0, 4) + "-" + d.substring(4, 6) + "-" + d.substring(6, 8);
    }
}
