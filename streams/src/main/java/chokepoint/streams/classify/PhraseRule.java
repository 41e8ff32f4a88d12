package chokepoint.streams.classify;

/**
 * One phrase of the rule file and what it points at.
 *
 * @param phrase the words to find, matched case-insensitively; Latin-script phrases only at word boundaries; with a
 *               leading {@code ^}, only where they open a title written in Title Case; with a leading {@code =}, only
 *               in exactly the case written
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

    public boolean opening() {
        return phrase.startsWith(OPENING);
    }

    public boolean exactCase() {
        return unmarked(OPENING).startsWith(EXACT_CASE);
    }

    /** The words to find, without the marks. */
    public String words() {
        String words = unmarked(OPENING);
        return words.startsWith(EXACT_CASE) ? words.substring(EXACT_CASE.length()) : words;
    }

    private String unmarked(String mark) {
        return phrase.startsWith(mark) ? phrase.substring(mark.length()) : phrase;
    }

    /** The id shown in evidence, e.g. {@code measure.EXPORT_CONTROL}. */
    public String ruleId() {
        return kind.sectionName() + "." + value;
    }
}
