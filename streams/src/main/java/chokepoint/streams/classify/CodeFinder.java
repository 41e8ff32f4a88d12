package chokepoint.streams.classify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the product and control codes an analyst looks up first: Harmonized System codes (8505.11, 2805.30.00,
 * or the ten digits of a Chinese customs annex after 海关商品编号) and export-control classification numbers
 * (EAR ECCNs and EU/Wassenaar dual-use entries such as 3A090, 1E902.a). Dotted HS codes and control numbers are
 * found by a plain scan: a regular expression with look-behinds tried at every position of every text cost a
 * quarter of the stream processor's time.
 */
final class CodeFinder {

    private static final Pattern HS_CUSTOMS = Pattern.compile("(?:海关商品编号|商品编号|HS code|HS)[:：\\s]*(\\d{6,10})");
    private static final int MAX_CODES = 50;

    record Codes(List<String> hs, List<String> control) {
    }

    private CodeFinder() {
    }

    static Codes find(String title, String text) {
        String all = (title == null ? "" : title) + "\n" + (text == null ? "" : text);
        Set<String> hs = new LinkedHashSet<>();
        Set<String> control = new LinkedHashSet<>();
        for (int i = 0; i < all.length() && hs.size() < MAX_CODES && control.size() < MAX_CODES; i++) {
            char c = all.charAt(i);
            if (c == '.' ) {
                String code = dottedHs(all, i);
                if (code != null && !notAProduct(code)) {
                    hs.add(code);
                }
            } else if (c >= 'A' && c <= 'E') {
                String code = controlNumber(all, i);
                if (code != null) {
                    control.add(code);
                }
            }
        }
        if (all.contains("编号") || all.contains("HS")) {
            Matcher matcher = HS_CUSTOMS.matcher(all);
            while (matcher.find() && hs.size() < MAX_CODES) {
                hs.add(matcher.group(1));
            }
        }
        return new Codes(List.copyOf(hs), List.copyOf(control));
    }

    /** "dddd.dd" with up to two more ".dd" groups, the dot at {@code dot}, not inside a longer number or a price. */
    private static String dottedHs(String s, int dot) {
        int start = dot - 4;
        if (start < 0 || !digits(s, start, 4) || !digits(s, dot + 1, 2)) {
            return null;
        }
        if (start > 0) {
            char before = s.charAt(start - 1);
            if (Character.isDigit(before) || before == '.' || before == '$' || before == '€' || before == '£' || before == '¥') {
                return null;
            }
        }
        int end = dot + 3;
        for (int group = 0; group < 2 && end < s.length() && s.charAt(end) == '.' && digits(s, end + 1, 2)
                && !digitAt(s, end + 3); group++) {
            end += 3;
        }
        if (digitAt(s, end) || end < s.length() && s.charAt(end) == '%') {
            return null;
        }
        return s.substring(start, end);
    }

    /** A digit, a category letter A-E at {@code letter}, three digits, optionally ".x" or ".x.d" (3A090, 1E902.a). */
    private static String controlNumber(String s, int letter) {
        int start = letter - 1;
        if (start < 0 || !Character.isDigit(s.charAt(start)) || !digits(s, letter + 1, 3)) {
            return null;
        }
        if (start > 0 && (Character.isLetterOrDigit(s.charAt(start - 1)) || s.charAt(start - 1) == '_' || s.charAt(start - 1) == '.')) {
            return null;
        }
        int end = letter + 4;
        if (end + 1 < s.length() && s.charAt(end) == '.' && s.charAt(end + 1) >= 'a' && s.charAt(end + 1) <= 'z') {
            end += 2;
            if (end + 1 < s.length() && s.charAt(end) == '.' && Character.isDigit(s.charAt(end + 1))) {
                end += 2;
                if (digitAt(s, end)) {
                    end++;
                }
            }
        }
        if (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
            return null;
        }
        return s.substring(start, end);
    }

    static boolean digits(String s, int from, int count) {
        if (from < 0 || from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean digitAt(String s, int i) {
        return i < s.length() && Character.isDigit(s.charAt(i));
    }

    /**
     * Chapters run from 01 to 97, and "2025.10" is a year and a month: a real heading of that shape (2009.11,
     * orange juice) is lost, which is cheaper than a date reported as a product.
     */
    private static boolean notAProduct(String code) {
        int chapter = Integer.parseInt(code.substring(0, 2));
        if (chapter == 0 || chapter > 97) {
            return true;
        }
        if (code.length() == 7 && code.charAt(4) == '.') {
            int year = Integer.parseInt(code.substring(0, 4));
            int month = Integer.parseInt(code.substring(5, 7));
            return year >= 1990 && year <= 2039 && month >= 1 && month <= 12;
        }
        return false;
    }
}
