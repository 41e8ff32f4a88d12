package chokepoint.records;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Breach ids: the rule, the group and the time the crossing began, {@code pressure-on-europe~CN~1796440481000} or
 * {@code escalation~CN-to-EU~1796440481000}. Only unreserved URL characters, so an id goes into a link as it is
 * ({@code /breach.html?id=…}). Ids written before were {@code rule|group|millis} ({@code CN->EU} for a pair); they are
 * still read: {@link #normalise} gives an old id its new form, and lookups compare normalised ids.
 */
public final class BreachIds {

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private BreachIds() {
    }

    public static String of(String ruleId, String groupKey, Instant crossingAt) {
        return ruleId + "~" + group(groupKey) + "~" + crossingAt.toEpochMilli();
    }

    /** A group key as it stands in an id: "CN->EU" is "CN-to-EU"; anything else outside [A-Za-z0-9._-] is "_". */
    static String group(String groupKey) {
        return UNSAFE.matcher(groupKey.replace("->", "-to-")).replaceAll("_");
    }

    /** The rule of an id, old or new. */
    public static String ruleOf(String id) {
        int end = separator(id);
        return end < 0 ? id : id.substring(0, end);
    }

    /** The id in today's form, whichever form it was written in. */
    public static String normalise(String id) {
        if (id == null || id.indexOf('|') < 0) {
            return id;
        }
        String[] parts = id.split("\\|", -1);
        if (parts.length != 3) {
            return id;
        }
        return parts[0] + "~" + group(parts[1]) + "~" + parts[2];
    }

    /** The id as it goes into a link: as it is today, percent-encoded if it is an old one with '|' or '>'. */
    public static String inLink(String id) {
        return id.matches("[A-Za-z0-9._~-]+") ? id : java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether two ids, in either form, name the same breach. */
    public static boolean same(String a, String b) {
        return a != null && b != null && normalise(a).equals(normalise(b));
    }

    private static int separator(String id) {
        int tilde = id.indexOf('~');
        int bar = id.indexOf('|');
        return tilde < 0 ? bar : bar < 0 ? tilde : Math.min(tilde, bar);
    }
}
