package chokepoint.streams.classify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifiers that official acts carry and that every copy of a story repeats: a Federal Register document number
 * (2025-19508), a Chinese announcement number (商务部公告2025年第61号, "MOFCOM Announcement No. 61 of 2025"), a
 * CELEX number of the EU Official Journal (32025R1234). Two items that name the same one tell the same story.
 */
public final class StoryIdentifiers {

    private static final Pattern FEDERAL_REGISTER = Pattern.compile(
            "(?:federalregister\\.gov/(?:documents|d|public-inspection)/(?:\\d{4}/\\d{2}/\\d{2}/)?|FR Doc\\.?\\s*(?:No\\.?\\s*)?)((?:19|20)\\d{2}-\\d{5})");
    private static final Pattern CN_ANNOUNCEMENT = Pattern.compile("(商务部|海关总署|国务院关税税则委员会)[^公]{0,12}公告\\s*(20\\d{2})\\s*年\\s*第\\s*(\\d{1,3})\\s*号");
    private static final Pattern CN_ANNOUNCEMENT_EN = Pattern.compile(
            "(MOFCOM|Ministry of Commerce|General Administration of Customs|GAC)[^.]{0,60}?Announcement\\s+(?:No\\.?|Number)\\s*(\\d{1,3})\\s*(?:of|,)?\\s*(?:the year\\s*)?(20\\d{2})",
            Pattern.CASE_INSENSITIVE);

    private StoryIdentifiers() {
    }

    public static Set<String> find(String title, String text, String url) {
        String all = (title == null ? "" : title) + "\n" + (text == null ? "" : text) + "\n" + (url == null ? "" : url);
        Set<String> ids = new LinkedHashSet<>();
        // Each pattern runs only where (or when) its literal anchor is present: a regular expression tried at
        // every position of every text was most of the stream processor's time.
        for (String opening : List.of("federalregister.gov/", "FR Doc")) {
            Matcher fr = FEDERAL_REGISTER.matcher(all);
            for (int at = all.indexOf(opening); at >= 0; at = all.indexOf(opening, at + 1)) {
                if (fr.region(at, all.length()).lookingAt()) {
                    ids.add("fr:" + fr.group(1));
                }
            }
        }
        if (all.contains("公告")) {
            Matcher cn = CN_ANNOUNCEMENT.matcher(all);
            while (cn.find()) {
                ids.add("cn:" + issuer(cn.group(1)) + ":" + cn.group(2) + "-" + Integer.parseInt(cn.group(3)));
            }
        }
        if (all.toLowerCase(Locale.ROOT).contains("announcement")) {
            Matcher en = CN_ANNOUNCEMENT_EN.matcher(all);
            while (en.find()) {
                ids.add("cn:" + issuer(en.group(1)) + ":" + en.group(3) + "-" + Integer.parseInt(en.group(2)));
            }
        }
        celexNumbers(all, ids);
        return ids;
    }

    /**
     * CELEX numbers of EU acts (32025R1234: sector 3, year, R/D/L, number), found by a plain scan for the letter: a
     * regular expression tried at every digit of every text cost more than the rest of this class.
     */
    private static void celexNumbers(String s, Set<String> ids) {
        for (int i = 5; i + 4 < s.length(); i++) {
            char type = s.charAt(i);
            if ((type == 'R' || type == 'D' || type == 'L') && s.charAt(i - 5) == '3'
                    && (s.startsWith("19", i - 4) || s.startsWith("20", i - 4))
                    && CodeFinder.digits(s, i - 2, 2) && CodeFinder.digits(s, i + 1, 4)
                    && (i - 5 == 0 || !isWordChar(s.charAt(i - 6))) && (i + 5 == s.length() || !isWordChar(s.charAt(i + 5)))) {
                ids.add("celex:" + s.substring(i - 5, i + 5));
            }
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Each issuer numbers its announcements separately; a joint one carries the first issuer's number. */
    private static String issuer(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.equals("商务部") || lower.equals("mofcom") || lower.equals("ministry of commerce")) {
            return "mofcom";
        }
        if (name.equals("海关总署") || lower.equals("gac") || lower.equals("general administration of customs")) {
            return "gac";
        }
        return "tariff-commission";
    }
}
