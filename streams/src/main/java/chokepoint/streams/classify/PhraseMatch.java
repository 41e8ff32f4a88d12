package chokepoint.streams.classify;

/**
 * A rule phrase found in a field.
 *
 * @param rule    the rule
 * @param field   "title" or "text"
 * @param start   offset in the field
 * @param matched the words as written in the field
 */
public record PhraseMatch(PhraseRule rule, String field, int start, String matched) {

    public int end() {
        return start + matched.length();
    }
}
