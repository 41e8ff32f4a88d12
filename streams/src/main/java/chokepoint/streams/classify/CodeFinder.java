package chokepoint.streams.classify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the product and control codes an analyst looks up first: Harmonized System codes (8505.11, 2805.30.00,
 * or the ten digits of a Chinese customs annex after 海关商品编号) and export-control classification numbers
 * (EAR ECCNs and EU/Wassenaar dual-use entries such as 3A090, 1E902.a).
 */
final class CodeFinder {

    private static final Pattern HS_DOTTED = Pattern.compile("(?<![\\d.$€£¥])(\\d{4}\\.\\d{2}(?:\\.\\d{2}){0,2})(?![\\d%])");
    private static final Pattern HS_CUSTOMS = Pattern.compile("(?:海关商品编号|商品编号|HS code|HS)[:：\\s]*(\\d{6,10})");
    private static final Pattern CONTROL = Pattern.compile("(?<![\\w.])([0-9][A-E][0-9]{3}(?:\\.[a-z](?:\\.\\d{1,2})?)?)(?![\\w])");
    private static final int MAX_CODES = 50;

    record Codes(List<String> hs, List<String> control) {
    }

    private CodeFinder() {
    }

    static Codes find(String title, String text) {
        String all = (title == null ? "" : title) + "\n" + (text == null ? "" : text);
        Set<String> hs = new LinkedHashSet<>();
        collect(HS_DOTTED.matcher(all), hs);
        collect(HS_CUSTOMS.matcher(all), hs);
        hs.removeIf(CodeFinder::notAProduct);
        Set<String> control = new LinkedHashSet<>();
        collect(CONTROL.matcher(all), control);
        return new Codes(List.copyOf(hs), List.copyOf(control));
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

    private static void collect(Matcher matcher, Set<String> into) {
        while (matcher.find() && into.size() < MAX_CODES) {
            into.add(matcher.group(1));
        }
    }
}
