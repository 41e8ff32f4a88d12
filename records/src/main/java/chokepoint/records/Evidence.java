package chokepoint.records;

/**
 * Why the classifier decided something: which words, in which field, matched which rule.
 *
 * @param field   "title" or "text"
 * @param matched the words as they appear in the field
 * @param start   offset of the match in the field, in chars
 * @param rule    the rule that matched, e.g. {@code measure.EXPORT_CONTROL} or {@code actor.CN}
 */
public record Evidence(String field, String matched, int start, String rule) {
}
