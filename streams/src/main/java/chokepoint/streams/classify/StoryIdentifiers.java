package chokepoint.streams.classify;

import chokepoint.records.ChineseNumerals;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifiers that official acts carry and that every copy of a story repeats: a Federal Register document number
 * (2025-19508; a printed correction's C1-2026-16628 is its own, and names the corrected 2026-16628 in its text), a Chinese announcement number (商务部公告2025年第61号, "MOFCOM Announcement No. 61 of 2025"), a
 * CELEX number of the EU Official Journal (32025R1234). Two items that name the same one tell the same story.
 */
public final class StoryIdentifiers {

    private static final Pattern FEDERAL_REGISTER = Pattern.compile(
            "(?:federalregister\\.gov/(?:documents|d|public-inspection)/(?:\\d{4}/\\d{2}/\\d{2}/)?|FR Doc\\.?\\s*(?:No\\.?\\s*)?)((?:C\\d+-)?(?:19|20)\\d{2}-\\d{5})");
    private static final Pattern CN_ANNOUNCEMENT = Pattern.compile("(商务部|海关总署|国务院关税税则委员会)[^公]{0,12}公告\\s*(20\\d{2})\\s*年?\\s*第\\s*(\\d{1,3})\\s*号");
    /** Ministerial orders, numbered apart from announcements: "商务部令2025年第5号" (countermeasures against two EU banks). */
    private static final Pattern CN_ORDER = Pattern.compile("(商务部|海关总署)令\\s*(20\\d{2}|二〇[〇一二三四五六七八九]{2})\\s*年?\\s*第\\s*(\\d{1,3})\\s*号");
    private static final Pattern CN_ANNOUNCEMENT_EN = Pattern.compile(
            "(MOFCOM|Ministry of Commerce|General Administration of Customs|GAC)[^.]{0,60}?Announcement\\s+(?:No\\.?|Number)\\s*(\\d{1,3})\\s*(?:of|,)?\\s*(?:the year\\s*)?(20\\d{2})",
            Pattern.CASE_INSENSITIVE);

    /** EU acts cited by their number: "Regulation (EU) No 269/2014", "Implementing Regulation (EU) 2026/420". */
    private static final Pattern EU_ACT = Pattern.compile(
            "(Regulation|Decision|Directive)\\s+\\((?:EU|EC|EEC|CFSP|EU, Euratom)\\)\\s+(?:No\\s+)?(?:(\\d{1,4})/((?:19|20)\\d{2})|((?:19|20)\\d{2})/(\\d{1,4}))");
    /**
     * An EU act's own number where its title begins with it, as the Official Journal writes titles: "Commission
     * Implementing Regulation (EU) 2024/1866 of 3 July 2024 imposing …". Acts cited further on are not the story's.
     */
    private static final Pattern EU_OWN_TITLE = Pattern.compile(
            "^\\s*(?:(?:Commission|Council)\\s+)?(?:(?:Implementing|Delegated)\\s+)?(Regulation|Decision|Directive)\\s+\\((?:EU|EC|EEC|CFSP|EU, Euratom)\\)\\s+(?:No\\s+)?(?:(\\d{1,4})/((?:19|20)\\d{2})|((?:19|20)\\d{2})/(\\d{1,4}))");
    /** The European Legislation Identifier of an act's page: eur-lex.europa.eu/eli/reg_impl/2024/1866/oj. */
    private static final Pattern ELI = Pattern.compile("eur-lex\\.europa\\.eu/eli/(reg|dec|dir)(?:_impl|_del)?/((?:19|20)\\d{2})/(\\d{1,4})(?:/|$)");

    /** US executive orders: "Executive Order 14024", "E.O. 14024", "EO 14024". */
    private static final Pattern EXECUTIVE_ORDER = Pattern.compile("(?:Executive Order|E\\.O\\.|\\bEO)\\s*(?:No\\.?\\s*)?(1[0-9]{4})");

    /** An identifier and where it stands in a text. */
    record Located(String id, int start, int end) {
    }

    private StoryIdentifiers() {
    }

    /** The identifiers of a text with their places, in order. */
    static java.util.List<Located> locate(String text) {
        java.util.List<Located> found = new java.util.ArrayList<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        if (text.contains("公告") || text.contains("令")) {
            Matcher cn = CN_ANNOUNCEMENT.matcher(text);
            while (cn.find()) {
                found.add(new Located("cn:" + issuer(cn.group(1)) + ":" + cn.group(2) + "-" + Integer.parseInt(cn.group(3)), cn.start(), cn.end()));
            }
            Matcher order = CN_ORDER.matcher(text);
            while (order.find()) {
                found.add(new Located(orderId(order), order.start(), order.end()));
            }
        }
        if (text.contains("nnouncement")) {
            Matcher en = CN_ANNOUNCEMENT_EN.matcher(text);
            while (en.find()) {
                found.add(new Located("cn:" + issuer(en.group(1)) + ":" + en.group(3) + "-" + Integer.parseInt(en.group(2)),
                        text.toLowerCase(java.util.Locale.ROOT).indexOf("announcement", en.start()), en.end()));
            }
        }
        if (text.contains("Regulation") || text.contains("Decision") || text.contains("Directive")) {
            Matcher eu = EU_ACT.matcher(text);
            while (eu.find()) {
                String year = eu.group(3) != null ? eu.group(3) : eu.group(4);
                String number = eu.group(2) != null ? eu.group(2) : eu.group(5);
                char type = eu.group(1).charAt(0) == 'R' ? 'R' : eu.group(1).charAt(0) == 'D' && eu.group(1).startsWith("Dir") ? 'L' : 'D';
                found.add(new Located("celex:3" + year + type + String.format("%04d", Integer.parseInt(number)), eu.start(), eu.end()));
            }
        }
        // "amending Implementing Regulation 32025R1234": an act named by its CELEX number.
        found.addAll(celexLocated(text));
        if (text.contains("FR Doc") || text.contains("federalregister.gov/")) {
            Matcher fr = FEDERAL_REGISTER.matcher(text);
            while (fr.find()) {
                found.add(new Located("fr:" + fr.group(1), fr.start(), fr.end()));
            }
        }
        if (text.contains("Order") || text.contains("E.O") || text.contains("EO")) {
            Matcher eo = EXECUTIVE_ORDER.matcher(text);
            while (eo.find()) {
                found.add(new Located("eo:" + eo.group(1), eo.start(), eo.end()));
            }
        }
        found.sort(java.util.Comparator.comparingInt(Located::start));
        return found;
    }

    public static Set<String> find(String title, String text, String url) {
        String all = (title == null ? "" : title) + "\n" + (text == null ? "" : text) + "\n" + (url == null ? "" : url);
        // Acts cited by their EU regulation or executive-order number are not the story's own: many notices cite
        // "Regulation (EU) No 269/2014" or "E.O. 14024" each week. Those serve follow-ups (ActReferences) only.
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
        if (all.contains("令")) {
            Matcher order = CN_ORDER.matcher(all);
            while (order.find()) {
                ids.add(orderId(order));
            }
        }
        if (all.toLowerCase(Locale.ROOT).contains("announcement")) {
            Matcher en = CN_ANNOUNCEMENT_EN.matcher(all);
            while (en.find()) {
                ids.add("cn:" + issuer(en.group(1)) + ":" + en.group(3) + "-" + Integer.parseInt(en.group(2)));
            }
        }
        celexNumbers(all, ids);
        euOwnAct(title, url, ids);
        return ids;
    }

    /** The CELEX number of the EU act whose own notice this is: by its title's opening, or by its ELI link. */
    private static void euOwnAct(String title, String url, Set<String> ids) {
        if (title != null && (title.contains("Regulation") || title.contains("Decision") || title.contains("Directive"))) {
            Matcher own = EU_OWN_TITLE.matcher(title);
            if (own.find()) {
                String year = own.group(3) != null ? own.group(3) : own.group(4);
                String number = own.group(2) != null ? own.group(2) : own.group(5);
                char type = own.group(1).charAt(0) == 'R' ? 'R' : own.group(1).startsWith("Dir") ? 'L' : 'D';
                ids.add("celex:3" + year + type + String.format("%04d", Integer.parseInt(number)));
            }
        }
        if (url != null && url.contains("/eli/")) {
            Matcher eli = ELI.matcher(url);
            if (eli.find()) {
                char type = eli.group(1).equals("reg") ? 'R' : eli.group(1).equals("dir") ? 'L' : 'D';
                ids.add("celex:3" + eli.group(2) + type + String.format("%04d", Integer.parseInt(eli.group(3))));
            }
        }
    }

    /**
     * CELEX numbers of EU acts (32025R1234: sector 3, year, R/D/L, number), found by a plain scan for the letter: a
     * regular expression tried at every digit of every text cost more than the rest of this class.
     */
    private static void celexNumbers(String s, Set<String> ids) {
        celexLocated(s).forEach(found -> ids.add(found.id()));
    }

    private static java.util.List<Located> celexLocated(String s) {
        java.util.List<Located> found = new java.util.ArrayList<>();
        for (int i = 5; i + 4 < s.length(); i++) {
            char type = s.charAt(i);
            if ((type == 'R' || type == 'D' || type == 'L') && s.charAt(i - 5) == '3'
                    && (s.startsWith("19", i - 4) || s.startsWith("20", i - 4))
                    && CodeFinder.digits(s, i - 2, 2) && CodeFinder.digits(s, i + 1, 4)
                    && (i - 5 == 0 || !isWordChar(s.charAt(i - 6))) && (i + 5 == s.length() || !isWordChar(s.charAt(i + 5)))) {
                found.add(new Located("celex:" + s.substring(i - 5, i + 5), i - 5, i + 5));
            }
        }
        return found;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String orderId(Matcher order) {
        return "cn:" + issuer(order.group(1)) + ":order-" + ChineseNumerals.westernDigits(order.group(2)) + "-" + Integer.parseInt(order.group(3));
    }

    /**
     * A title without the acts it names ("商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单" → " 公布将7家欧盟实体列入出口管制
     * 管控名单"): what is left says what the act is about.
     */
    public static String withoutActs(String title) {
        if (title == null) {
            return null;
        }
        StringBuilder rest = new StringBuilder();
        int at = 0;
        for (Located found : locate(title)) {
            if (found.start() >= at) {
                rest.append(title, at, found.start()).append(' ');
                at = found.end();
            }
        }
        return rest.append(title.substring(Math.min(at, title.length()))).toString();
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
