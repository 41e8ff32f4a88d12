package chokepoint.streams.learn;

import chokepoint.streams.classify.Headline;
import chokepoint.streams.classify.RuleSignals;

import java.util.List;
import java.util.Locale;

/**
 * What the stage head alone reads: the words around each measure word the rules found in the title and the lead. The
 * measure word says what kind of measure; its neighbours say how far along it is ("says it will impose tariffs",
 * "tariffs lifted", "repealing the definitive anti-dumping duty", 拟对…实施出口管制). Where the measure words are is the
 * rules' finding ({@link RuleSignals#cues()}), so this reads no word list of its own; which neighbours matter is learned.
 * Per measure word, on each side: the three words (the adjacent one tagged apart, numbers as 0), or where an ideograph
 * or kana touches it, the 1-3 characters next to it and the character pairs of the six on that side. (The rules' stage
 * words and the clause layer's modal or negation inside that reach, tried as well, added nothing on dev.)
 */
final class CueNeighbourhood {

    private static final int WORDS = 3;
    private static final int CHARS = 3;
    private static final int CHAR_WINDOW = 6;
    private static final String SENTENCE_ENDS = "\n。！？!?;；";

    private CueNeighbourhood() {
    }

    static void read(TextFeatures.Builder features, String title, String text, List<RuleSignals.Cue> cues) {
        String t = Headline.of(title, text);
        String b = text == null ? "" : text;
        for (RuleSignals.Cue cue : cues) {
            if (!cue.isMeasure()) {
                continue;
            }
            String field = cue.field().equals("title") ? t : b;
            if (cue.end() <= field.length()) {
                side(features, field, cue.start(), -1);
                side(features, field, cue.end(), 1);
            }
        }
    }

    private static void side(TextFeatures.Builder features, String s, int at, int step) {
        if (ideograph(s, step < 0 ? at - 1 : at)) {
            characters(features, s, at, step);
        } else {
            words(features, s, at, step);
        }
    }

    private static boolean ideograph(String s, int at) {
        if (at < 0 || at >= s.length()) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(s.charAt(at));
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }

    private static boolean letter(String s, int at) {
        return at >= 0 && at < s.length() && Character.isLetterOrDigit(s.charAt(at));
    }

    /** Up to {@link #WORDS} words from {@code at} in one direction, within the sentence. */
    private static void words(TextFeatures.Builder features, String s, int at, int step) {
        int i = step < 0 ? at - 1 : at;
        for (int n = 1; n <= WORDS; n++) {
            int edge = nextWord(s, i, step);
            i = edge;
            while (letter(s, i) && !ideograph(s, i)) {
                i += step;
            }
            if (i == edge) {
                return;   // the sentence, the text or the spaced words end here
            }
            word(features, step < 0 ? 'P' : 'N', n == 1, s.substring(Math.min(edge, i - step), Math.max(edge, i - step) + 1));
        }
    }

    /** A neighbour word, lower case, a number as 0; the adjacent one also tagged as such. */
    private static void word(TextFeatures.Builder features, char kind, boolean adjacent, String word) {
        String w = word.chars().allMatch(Character::isDigit) ? "0" : word.toLowerCase(Locale.ROOT);
        if (adjacent) {
            features.add(kind, "1" + w);
        }
        features.add(kind, w);
    }

    /** Past spaces and punctuation to the next word; -1 where a sentence ends first. */
    private static int nextWord(String s, int i, int step) {
        while (i >= 0 && i < s.length() && !Character.isLetterOrDigit(s.charAt(i))) {
            if (SENTENCE_ENDS.indexOf(s.charAt(i)) >= 0) {
                return -1;
            }
            i += step;
        }
        return i;
    }

    /** Ideographs and kana next to the measure word. */
    private static void characters(TextFeatures.Builder features, String s, int at, int step) {
        StringBuilder run = new StringBuilder();
        int i = step < 0 ? at - 1 : at;
        while (run.length() < CHAR_WINDOW && letter(s, i)) {
            run.append(s.charAt(i));
            i += step;
        }
        String seen = step < 0 ? run.reverse().toString() : run.toString();
        grams(features, step < 0 ? 'U' : 'V', seen, step < 0);
    }

    /** The 1-3 characters next to the measure word and every pair of characters in the run. */
    private static void grams(TextFeatures.Builder features, char kind, String seen, boolean before) {
        int n = seen.length();
        for (int k = 1; k <= Math.min(CHARS, n); k++) {
            features.add(kind, "c" + (before ? seen.substring(n - k) : seen.substring(0, k)));
        }
        for (int k = 0; k + 2 <= n; k++) {
            features.add(kind, "w" + seen.substring(k, k + 2));
        }
    }
}
