package chokepoint.streams.classify;

/**
 * One phrase of the rule file and what it points at.
 *
 * @param phrase the words to find, matched case-insensitively; Latin-script phrases only at word boundaries; with a
 *               leading {@code ^}, only where they open a title written in Title Case; with a leading {@code =}, only
 *               in exactly the case written; with a leading {@code -}, only as the head (the end) of a longer word, the
 *               way German compounds end in their kind ("-zölle": Strafzölle, Antidumpingzölle; not Zölle alone,
 *               which a phrase of its own finds)
 * @param kind   the section it is in
 * @param value  the measure, stage, jurisdiction or sector it points at
 * @param weight how strongly it points (default 1)
 * @param line   the line of the rule file, for error messages and evidence
 */
public record PhraseRule(String phrase, RuleKind kind, String value, int weight, int line) {

    /**
     * Marks a phrase that counts only where it opens a title written in Title Case: the form of one jurisdiction's
     * official document titles ("Imposing Sanctions on ...", "Blocking Property of ..." are US presidential documents).
     */
    public static final String OPENING = "^";

    /**
     * Marks a phrase that counts only in exactly this case: "US" (the country) and not "us"; "EU" in a text that
     * shouts. Written before the words, after {@link #OPENING} if both.
     */
    public static final String EXACT_CASE = "=";

    /**
     * Marks a phrase that matches only as the last part of a longer word: German writes a measure as one compound
     * whose head says its kind (Antidumpingzölle, Vergeltungszölle, Wirtschaftssanktionen, Waffenembargo), and the
     * modifier in front of the head is open-ended; the head alone can mean something else (der Zoll: the customs
     * service). Written before the words, after the other marks.
     */
    public static final String COMPOUND_HEAD = "-";

    public boolean opening() {
        return phrase.startsWith(OPENING);
    }

    public boolean exactCase() {
        return unmarked(OPENING).startsWith(EXACT_CASE);
    }

    public boolean compoundHead() {
        String words = unmarked(OPENING);
        words = words.startsWith(EXACT_CASE) ? words.substring(EXACT_CASE.length()) : words;
        return words.startsWith(COMPOUND_HEAD) && words.length() > 1;
    }

    /** The words to find, without the marks. */
    public String words() {
        String words = unmarked(OPENING);
        words = words.startsWith(EXACT_CASE) ? words.substring(EXACT_CASE.length()) : words;
        return words.startsWith(COMPOUND_HEAD) && words.length() > 1 ? words.substring(COMPOUND_HEAD.length()) : words;
    }

    private String unmarked(String mark) {
        return phrase.startsWith(mark) ? phrase.substring(mark.length()) : phrase;
    }

    /** The id shown in evidence, e.g. {@code measure.EXPORT_CONTROL}. */
    public String ruleId() {
        return kind.sectionName() + "." + value;
    }
}
