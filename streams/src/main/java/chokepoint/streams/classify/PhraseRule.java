package chokepoint.streams.classify;

/**
 * One phrase of the rule file and what it points at.
 *
 * @param phrase the words to find, matched case-insensitively; Latin-script phrases only at word boundaries
 * @param kind   the section it is in
 * @param value  the measure, stage, jurisdiction or sector it points at
 * @param weight how strongly it points (default 1)
 * @param line   the line of the rule file, for error messages and evidence
 */
public record PhraseRule(String phrase, RuleKind kind, String value, int weight, int line) {

    /** The id shown in evidence, e.g. {@code measure.EXPORT_CONTROL}. */
    public String ruleId() {
        return kind.sectionName() + "." + value;
    }
}
