package chokepoint.streams.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clause layer over the phrase matches: where sentences and clauses begin and end, and what the words in front of
 * a title's main predicate say about it. Phrases alone counted a stage word anywhere in a text; read by clause, a
 * "preliminary" far from its determination, a retaliation that others took, a World Bank official's warning or a
 * minister who opposes a quota no longer decide what an item is.
 */
final class Clauses {

    /** Words in front of the predicate that make a measure a prospect: a threat or a plan, not an act. */
    private static final Pattern MODAL = Pattern.compile(
            "\\b(could|may|might|would|considering|considers|consider|weighs|weighing|mulls|mulling|plans? to|planning to|"
                    + "seeks? to|seeking to|poised to|proposes? to|threatens? to|threatening to|vows? to|warns? (?:it )?(?:will|may|could))"
                    + "\\s*$|(?:拟|擬|考虑|考慮|计划|計劃|准备|準備|打算|威胁|威脅|扬言|揚言|検討|可能|或将|或將|或于|或於|正研究|正在研究)"
                    // Chinese puts the object in front of the verb with a coverb (拟对六国加征关税, 考虑对墨西哥征收关税) and
                    // adverbs between plan and verb (计划很快对欧盟产品征收, 可能再次升级, 正研究收紧): a short run of the clause.
                    + "(?:[对對向就从從][^，,。；;：:！？!?\\s]{0,16}|[^，,。；;：:！？!?、\\s]{0,12})\\s*$");
    /**
     * A speaker's "will" in Chinese with nothing decided stated: 特朗普称将大幅提高对印度关税, 巴西总统称将对等回应美加征关税 are
     * threats; with a rate (称将对进口汽车加征25%关税) the title states a decision (convention 9). 将 alone, or after 宣布
     * (announces), is too often the object marker (商务部将28家美国实体列入, 宣布将四家美国企业列入) or a decision to count.
     */
    private static final Pattern SAYS_IT_WILL = Pattern.compile(
            "(?:称|稱|表示|宣称|宣稱|声称|聲稱)[^，,。；;：:！？!?、\\s]{0,6}(?:将|將)(?![\\d０-９一二两兩三四五六七八九十数數多几幾])"
                    + "[^，,。；;：:！？!?、\\s]{0,12}$");
    private static final Pattern RATE = Pattern.compile("\\d\\s*[%％]|百分之");
    /** Words that deny the predicate: no measure is taken or threatened. */
    private static final Pattern NEGATION = Pattern.compile(
            "\\b(not|no plans? to|won't|will not|would not|does not|did not|rules? out|ruled out|denies|denied|rejects? calls? to|"
                    + "refuses to|declines to|holds off on|holds off|backs away from|drops plans? to|scraps plans? to)"
                    + "(\\s+[\\w'-]+){0,2}\\s*$");
    /** Verbs by which a speaker opposes or judges a measure rather than takes or threatens one. */
    private static final Pattern OPPOSING = Pattern.compile(
            "\\b(opposes|opposed|opposing|criticises|criticizes|criticised|criticized|slams|slammed|condemns|condemned|"
                    + "protests|protested|decries|decried|rejects|rejected|questions|doubts|welcomes|welcomed|hails|praises|"
                    + "warns against|warned against|warns about|warned about|warns of|warned of|cautions against|"
                    + "urges|urged|calls for|called for)\\b");

    private Clauses() {
    }

    private static final Pattern SPEECH = Pattern.compile("(?i)^(warns?|warned|warning|urges?|urged|calls? for|called for|cautions?|cautioned)$");

    /** Whether a stage word is a speaker's (a warning, an appeal): a threat only when a government says it. */
    static boolean speech(String stageWords) {
        return SPEECH.matcher(stageWords.strip()).matches();
    }

    /** Sentence spans of a text: [start, end) pairs. */
    static List<int[]> sentences(String text) {
        List<int[]> spans = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean end = c == '\n' || c == '。' || c == '；' || c == ';' || c == '!' || c == '?' || c == '！' || c == '？'
                    || c == '.' && i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1)) && i > 0
                    && Character.isLowerCase(text.charAt(i - 1)) && !abbreviation(text, i);
            if (end) {
                spans.add(new int[]{start, i + 1});
                start = i + 1;
            }
        }
        if (start < text.length()) {
            spans.add(new int[]{start, text.length()});
        }
        return spans;
    }

    private static boolean abbreviation(String text, int dot) {
        int from = dot;
        while (from > 0 && Character.isLetter(text.charAt(from - 1))) {
            from--;
        }
        String word = text.substring(from, dot).toLowerCase(Locale.ROOT);
        return word.equals("no") || word.equals("art") || word.equals("para") || word.equals("etc") || word.equals("vs")
                || word.equals("approx") || word.equals("inc") || word.equals("ltd") || word.equals("co");
    }

    /** The index of the sentence holding {@code position}, or -1. */
    static int sentenceOf(List<int[]> spans, int position) {
        for (int i = 0; i < spans.size(); i++) {
            if (position >= spans.get(i)[0] && position < spans.get(i)[1]) {
                return i;
            }
        }
        return -1;
    }

    /** The part of the title's clause in front of {@code position}: back to a colon, semicolon or dash. */
    static String before(String title, int position) {
        int from = 0;
        for (int i = position - 1; i >= 0; i--) {
            char c = title.charAt(i);
            if (c == ':' || c == ';' || c == '|' || c == '：' || (c == '-' && i > 0 && title.charAt(i - 1) == ' ')) {
                from = i + 1;
                break;
            }
        }
        return title.substring(from, position).toLowerCase(Locale.ROOT);
    }

    /** Whether words in front of the predicate make it a prospect ("may impose", "to impose", "considers"). */
    static boolean modal(String before) {
        return MODAL.matcher(before).find();
    }

    /** Whether a Chinese title has its speaker say a measure will come without the rate that would make it decided. */
    static boolean saysItWill(String before, String title) {
        return SAYS_IT_WILL.matcher(before).find() && !RATE.matcher(title).find();
    }

    /** Whether words in front of the predicate deny it ("will not impose", "rules out"). */
    static boolean negated(String before) {
        return NEGATION.matcher(before).find();
    }

    /** The opposing or judging verb in a clause, where a speaker speaks of a measure instead of taking it, or -1. */
    static int opposing(String clause) {
        Matcher matcher = OPPOSING.matcher(clause.toLowerCase(Locale.ROOT));
        return matcher.find() ? matcher.start() : -1;
    }
}
