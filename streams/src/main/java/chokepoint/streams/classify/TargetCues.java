package chokepoint.streams.classify;

import java.util.List;
import java.util.Locale;

/**
 * Reads the few words around a jurisdiction's name to tell a target from an actor: "Aluminum Foil From China",
 * "sanctions on Russia", "with respect to Iran", "China's acts" name the one pressed, not the one pressing.
 */
final class TargetCues {

    private static final List<String> BEFORE = List.of("from", "on", "against", "with respect to", "of", "to", "toward",
            "towards", "into", "for", "targeting", "regarding", "involving", "in", "with", "by",
            // The same prepositions in German, French, Spanish, Italian, Polish and Dutch: "Sanktionen gegen Russland",
            // "droits de douane sur la Chine", "aranceles a México", "dazi contro la Cina", "sankcje wobec Rosji".
            "gegen", "gegenüber", "auf", "aus", "für", "nach", "von", "contre", "sur", "envers",
            "à l'encontre de", "à l’encontre de", "en provenance de", "à destination de", "vers", "de", "du", "des", "d'",
            "d’", "pour", "contra", "sobre", "desde", "contro", "su", "da", "di", "verso", "wobec", "przeciwko", "na",
            "tegen", "op", "uit", "naar", "voor", "tegen de", "op de", "uit de", "naar de", "voor de",
            // Russian and Ukrainian: "санкции против России", "в отношении Китая", "ввоз из Турции", "щодо Росії".
            "против", "в отношении", "из", "для", "проти", "щодо", "з", "із");
    /** Articles between a preposition and a name ("gegen die Ukraine", "sur la Chine"; Dutch "de" is a cue's part above). */
    private static final List<String> FILLERS = List.of(" the", " certain", " die", " den", " der", " das", " la", " le",
            " les", " l'", " l’", " el", " los", " il", " lo", " het");
    /** Korean particles after a name that make it the object, its origin or its owner (중국산, 중국에 대한, 중국을, 중국의). */
    private static final List<String> HANGUL_AFTER = List.of("산", "에 대한", "에 대해", "에게", "을", "를", "의", "에서", "으로", "로");
    private static final int WINDOW = 20;
    /** Cues that can head a list of names ("From Brazil, India, and the Republic of Korea"). */
    private static final List<String> LIST_HEADS = List.of(" from ", " on ", " against ", " with respect to ",
            " targeting ", " regarding ", " involving ");
    private static final int LIST_REACH = 240;

    private TargetCues() {
    }

    /** Chinese words before a name that make it the object ("对日本出口管制", "针对美国", "将我"). */
    private static final List<String> CJK_BEFORE = List.of("对", "针对", "向", "将", "对于", "自", "从", "涉",
            // Traditional characters, and the origin of goods: "對美", "原产于欧盟的猪肉", "来自中国的".
            "對", "針對", "將", "對於", "從", "产于", "產於", "来自", "來自",
            "対");  // Japanese: "対ロシア制裁"
    /**
     * Words after a name that make it the object's owner or the goods' origin or destination: "16家美国实体",
     * "欧盟两家金融机构", Japanese "中国産の鋼材", "中国向け", "米国に対する", "ロシアへの", "中国からの".
     */
    private static final List<String> CJK_AFTER = List.of("实体", "企业", "公司", "相关", "金融机构", "机构", "个人",
            "産の", "産鋼", "産品", "向け", "に対", "への", "からの");

    static boolean isTargeted(String text, int start, int end) {
        if (text.startsWith("'s", end) || text.startsWith("’s", end)) {
            return true;
        }
        if (text.startsWith("对", start) || text.startsWith("對", start) || text.startsWith("対", start)) {
            return true;  // "对美", "对日", "对华": the name with its own 对
        }
        if (start > 0 && (Character.isIdeographic(text.charAt(start)) || kana(text.charAt(start)))) {
            String before = text.substring(Math.max(0, start - 2), start);
            // 反对 is "oppose", not the object marker 对: what is opposed is another's act, its subject the actor.
            if (CJK_BEFORE.stream().anyMatch(before::endsWith) && !before.endsWith("反对")) {
                return true;
            }
        }
        if (start < text.length() && (Character.isIdeographic(text.charAt(start)) || kana(text.charAt(start)))) {
            String after = text.substring(end, Math.min(text.length(), end + 6));
            if (CJK_AFTER.stream().anyMatch(cue -> after.startsWith(cue) || after.matches("^[两三四五六七八九十\\d]+家.*") && after.contains(cue))) {
                return true;
            }
        }
        String before = text.substring(Math.max(0, start - WINDOW), start).toLowerCase(Locale.ROOT).stripTrailing();
        // Skip an article or a determiner between the preposition and the name ("on the Russian Federation").
        if (start < text.length() && Character.UnicodeScript.of(text.charAt(start)) == Character.UnicodeScript.HANGUL) {
            String after = text.substring(end, Math.min(text.length(), end + 4));
            return HANGUL_AFTER.stream().anyMatch(after::startsWith);
        }
        for (String filler : FILLERS) {
            if (before.endsWith(filler)) {
                before = before.substring(0, before.length() - filler.length()).stripTrailing();
            }
        }
        for (String cue : BEFORE) {
            if (before.equals(cue) || before.endsWith(" " + cue)) {
                return true;
            }
        }
        return (before.endsWith(",") || before.endsWith(" and")) && listHeadedByCue(text, start);
    }

    private static boolean kana(char c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HIRAGANA;
    }

    /** Words before a name that make it the place a measure is about, not its target ("the situation in Ukraine"). */
    private static final List<String> PLACE = List.of("situation in", "integrity of", "sovereignty of", "independence of",
            "stability of", "territory of", "people of",
            // The one a measure defends is not its target: "To Address Iranian Aggression Against Israel" aims at Iran.
            "aggression against", "aggression toward", "aggression towards", "attack on", "attacks on", "attack against",
            "attacks against", "invasion of", "occupation of");

    /** Whether a name is the scene of what a measure answers rather than the one it presses. */
    static boolean isPlace(String text, int start) {
        String before = text.substring(Math.max(0, start - 30), start).toLowerCase(Locale.ROOT).stripTrailing();
        if (before.endsWith(" the")) {
            before = before.substring(0, before.length() - 4).stripTrailing();
        }
        for (String cue : PLACE) {
            if (before.endsWith(cue)) {
                return true;
            }
        }
        return false;
    }

    /** A later name in a list shares the cue that heads the list, if the list is still in the same clause. */
    private static boolean listHeadedByCue(String text, int start) {
        int from = Math.max(0, start - LIST_REACH);
        for (int i = start - 1; i >= from; i--) {
            char c = text.charAt(i);
            if (c == ':' || c == ';' || c == '.' || c == '(' || c == '\n') {
                from = i + 1;
                break;
            }
        }
        String clause = " " + text.substring(from, start).toLowerCase(Locale.ROOT);
        return LIST_HEADS.stream().anyMatch(clause::contains);
    }
}
