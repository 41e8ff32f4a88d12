package chokepoint.records;

/**
 * Numbers as Chinese documents write them: years digit by digit ("二〇二五"), counts with tens ("二十三"). The
 * identifiers of Chinese acts and the gists of their titles must read them the same way.
 */
public final class ChineseNumerals {

    private static final String DIGITS = "〇一二三四五六七八九";

    private ChineseNumerals() {
    }

    /** "二〇二五" → "2025"; Western digits are kept as they are. */
    public static String westernDigits(String year) {
        StringBuilder digits = new StringBuilder();
        for (char c : year.toCharArray()) {
            int chinese = DIGITS.indexOf(c);
            digits.append(chinese >= 0 ? (char) ('0' + chinese) : c);
        }
        return digits.toString();
    }

    /** 两 2, 七 7, 十 10, 十六 16, 二十 20, 二十三 23. */
    public static int value(String text) {
        int value = 0;
        int current = 0;
        for (char c : text.toCharArray()) {
            if (c == '两') {
                current = 2;
            } else if (c == '十') {
                value += (current == 0 ? 1 : current) * 10;
                current = 0;
            } else {
                current = DIGITS.indexOf(c);
            }
        }
        return value + current;
    }
}
