package chokepoint.streams.classify;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

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
    private static final List<String> HANGUL_AFTER = List.of("산", "産", "에 대한", "에 대해", "에게", "을", "를", "의", "에서",
            "으로", "로");
    private static final int WINDOW = 20;
    /** Cues that can head a list of names ("From Brazil, India, and the Republic of Korea"). */
    private static final List<String> LIST_HEADS = List.of(" from ", " on ", " against ", " with respect to ",
            " targeting ", " regarding ", " involving ",
            // The same heads in the other languages of EU acts and trade news ("originarios de Rusia, Tailandia y
            // Turquía", "en provenance de Chine et de Russie", "aus China und Vietnam", "uit China en Rusland").
            " de ", " originarios de ", " originaires de ", " en provenance de ", " contre ", " sur ", " aus ", " gegen ",
            " auf ", " uit ", " tegen ", " van ", " contra ", " contro ", " da ", " di ", " z ", " wobec ");
    /** Words that join the last name of a list to the one before: "and" in each language the cues read. */
    private static final List<String> JOINERS = List.of(" and", " y", " e", " et", " und", " en", " i", " и", " та", " і");
    private static final int LIST_REACH = 240;

    private TargetCues() {
    }

    /** Chinese words before a name that make it the object ("对日本出口管制", "针对美国", "将我"). */
    private static final List<String> CJK_BEFORE = List.of("对", "针对", "向", "将", "对于", "自", "从", "涉",
            // Traditional characters, and the origin of goods: "對美", "原产于欧盟的猪肉", "来自中国的".
            "對", "針對", "將", "對於", "從", "产于", "產於", "產于", "来自", "來自",
            "対");  // Japanese: "対ロシア制裁"
    /**
     * Words after a name that make it the object's owner or the goods' origin or destination: "16家美国实体",
     * "欧盟两家金融机构", Japanese "中国産の鋼材", "中国向け", "米国に対する", "ロシアへの", "中国からの".
     */
    private static final List<String> CJK_AFTER = List.of("实体", "企业", "公司", "相关", "金融机构", "机构", "个人",
            "向け", "に対", "への", "からの", "に関",
            // The origin of goods: Japanese 中華人民共和国産, Taiwan's 韓國產製, Chinese 中国产 (not 産業, industry).
            "産", "產", "产");
    /** Industry, not origin: 産業, 產業, 产业 after a name are its own. */
    private static final List<String> CJK_NOT_AFTER = List.of("産業", "產業", "产业");
    /**
     * A name joined to the next one of a list of origins ("大韓民国及び中華人民共和国産", "태국·말레이시아産 파티클보드"):
     * the list's origin word makes every name in it the goods' origin.
     */
    private static final Pattern CJK_LIST_ORIGIN = Pattern.compile(
            "^(?:[・·、,，]|及び|および|及|와 |과 |및 )[^\\s。：:]{1,14}?(?:産|產|产|산)(?!業|业|업)");

    static boolean isTargeted(String text, int start, int end) {
        if ((text.startsWith("'s", end) || text.startsWith("’s", end)) && !governmentAfter(text, end + 2)) {
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
            if (CJK_JOINERS.indexOf(text.charAt(start - 1)) >= 0 && cjkListHeadedByCue(text, start - 1)) {
                return true;
            }
        }
        if (start < text.length() && (Character.isIdeographic(text.charAt(start)) || kana(text.charAt(start)))) {
            String after = text.substring(end, Math.min(text.length(), end + 6));
            if (CJK_NOT_AFTER.stream().noneMatch(after::startsWith) && CJK_AFTER.stream().anyMatch(cue -> after.startsWith(cue)
                    || after.matches("^[两三四五六七八九十\\d]+家.*") && after.contains(cue))) {
                return true;
            }
            if (inListOfOrigins(text, end)) {
                return true;
            }
        }
        String before = text.substring(Math.max(0, start - WINDOW), start).toLowerCase(Locale.ROOT).stripTrailing();
        // Skip an article or a determiner between the preposition and the name ("on the Russian Federation").
        if (start < text.length() && Character.UnicodeScript.of(text.charAt(start)) == Character.UnicodeScript.HANGUL) {
            String after = text.substring(end, Math.min(text.length(), end + 4));
            return HANGUL_AFTER.stream().anyMatch(after::startsWith) || inListOfOrigins(text, end);
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
        return (before.endsWith(",") || JOINERS.stream().anyMatch(before::endsWith)) && listHeadedByCue(text, start);
    }

    /**
     * A government's own organ after a possessive acts for it ("Japan's trade ministry tightens", "China's commerce
     * ministry announces"): the name is its owner, not the one pressed, so the other cues decide.
     */
    private static final List<String> GOVERNMENT = List.of("government", "ministry", "ministries", "cabinet", "customs",
            "president", "prime minister", "premier", "parliament", "commerce department", "department", "administration",
            "regulator", "regulators", "authorities", "agency", "state council", "central bank", "legislature",
            "congress", "senate", "officials");
    private static final int GOVERNMENT_REACH = 3;

    private static boolean governmentAfter(String text, int from) {
        String[] words = text.substring(from, Math.min(text.length(), from + 60)).toLowerCase(Locale.ROOT).strip()
                .split("[\\s,;:]+");
        for (int i = 0; i < Math.min(GOVERNMENT_REACH, words.length); i++) {
            String word = words[i];
            String pair = i + 1 < words.length ? word + " " + words[i + 1] : word;
            if (GOVERNMENT.contains(word) || GOVERNMENT.contains(pair)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inListOfOrigins(String text, int end) {
        return CJK_LIST_ORIGIN.matcher(text.substring(end, Math.min(text.length(), end + 20))).find();
    }

    /** Characters that join names in a Chinese or Japanese list ("美国、韩国和欧盟"). */
    private static final String CJK_JOINERS = "、和及与與";
    /**
     * Object and origin markers that head a Chinese list: "对原产于美国、韩国和欧盟的进口". The markers of {@link #CJK_BEFORE}
     * that are also common words anywhere in a clause (将 "will", 向 "toward", 涉 "concerning") are left out: the list
     * test looks at the whole clause before the name, not at the characters just before it.
     */
    private static final List<String> CJK_LIST_HEADS = List.of("对", "對", "対", "针对", "針對", "自", "从", "從", "产于",
            "產於", "產于", "来自", "來自");
    private static final String CJK_CLAUSE_ENDS = "，。；：:;\n「」“”";
    /** How far back a Chinese list's head may stand: a clause of a few names. */
    private static final int CJK_LIST_REACH = 30;

    /** Whether a later name of a Chinese list shares the cue before the list's first name, in the same clause. */
    private static boolean cjkListHeadedByCue(String text, int joiner) {
        int from = joiner;
        while (from > 0 && joiner - from < CJK_LIST_REACH && CJK_CLAUSE_ENDS.indexOf(text.charAt(from - 1)) < 0) {
            from--;
        }
        String list = text.substring(from, joiner);
        return CJK_LIST_HEADS.stream().anyMatch(list::contains) && !list.contains("反对");
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
