package chokepoint.streams.classify;

/**
 * A wire story kept without its headline says in its first sentence what a headline would: who does what to whom.
 * Read as the title, that sentence gets a title's weight and decides the stage as a title does (its modal, its negation,
 * its speaker), instead of counting as one more mention in the body. The rules and the learned layer read it alike.
 */
public final class Headline {

    /** A sentence shorter than this is a dateline or an abbreviation ("U.S."), not the end of the first sentence. */
    private static final int MIN_SENTENCE = 20;

    private Headline() {
    }

    /** The title, or when it is blank the text's first sentence (a prefix of the text: offsets in it are the text's). */
    public static String of(String title, String text) {
        if (title != null && !title.isBlank()) {
            return title;
        }
        return firstSentence(text == null ? "" : text);
    }

    /**
     * The text with the part read as the headline blanked out (spaces, so that offsets stay the text's): its words count
     * once, as the title's.
     */
    public static String bodyBeside(String title, String text) {
        if (text == null || title != null && !title.isBlank()) {
            return text;
        }
        int end = firstSentence(text).length();
        return " ".repeat(end) + text.substring(end);
    }

    /** The first sentence (up to 。！？, or . ! ? followed by a space or the end after 20 characters), or all of it. */
    public static String firstSentence(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean cjkEnd = c == '。' || c == '！' || c == '？';
            boolean latinEnd = (c == '.' || c == '!' || c == '?') && i > MIN_SENTENCE
                    && (i + 1 == text.length() || text.charAt(i + 1) == ' ');
            if (cjkEnd || latinEnd) {
                return text.substring(0, i + 1);
            }
        }
        return text;
    }
}
