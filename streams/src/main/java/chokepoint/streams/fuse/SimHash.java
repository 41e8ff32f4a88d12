package chokepoint.streams.fuse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A 64-bit SimHash of a title (or of a text's lead): copies of one headline that differ by a word or a site suffix land a few bits apart,
 * different headlines about half the bits apart. Words are Latin-script tokens; Chinese and Japanese text, written
 * without spaces, is cut into overlapping pairs of characters.
 */
final class SimHash {

    /** No print: a lead too short to tell one story from another. */
    static final long NONE = 0L;
    /**
     * The words of a text that make its lead: wire copies keep their first paragraph while outlets retitle them.
     * A text with fewer has no lead print. Over so few words one changed word moves many bits, so in practice a lead
     * matches a copy that kept these words (stop words, case and punctuation aside).
     */
    static final int LEAD_WORDS = 24;
    private static final int LEAD_CHARS = 400;

    /** Copies differ by at most this many bits. */
    static final int NEAR = 3;
    /** With four bands of 16 bits, two hashes within 3 bits share at least one band exactly (pigeonhole). */
    static final int BANDS = 4;

    private SimHash() {
    }

    static long of(String title) {
        return of(features(title));
    }

    /** The print of a text's first {@link #LEAD_WORDS} words, or {@link #NONE} when it has fewer. */
    static long ofLead(String text) {
        // 24 words of English without their stop words are some 250 characters; of Chinese, 25. No need to cut up the rest.
        List<String> words = features(text == null || text.length() <= LEAD_CHARS ? text : text.substring(0, LEAD_CHARS));
        if (words.size() < LEAD_WORDS) {
            return NONE;
        }
        return of(words.subList(0, LEAD_WORDS));
    }

    /**
     * The numbers a title names (percentages, amounts, counts, announcement numbers) as one hash, or {@link #NONE}
     * when it names none: headlines that differ only by a number are alike in their words but not in their story.
     */
    static long numbers(String title) {
        return numbers(features(title));
    }

    /** {@link #numbers(String)} of a title already cut into {@link #features}. */
    static long numbers(List<String> titleFeatures) {
        List<String> numbers = titleFeatures.stream().filter(word -> word.chars().anyMatch(Character::isDigit))
                .sorted().toList();
        return numbers.isEmpty() ? NONE : of(numbers) | 1L;
    }

    static long of(List<String> features) {
        int[] weights = new int[64];
        for (String feature : features) {
            long hash = fnv1a64(feature);
            for (int bit = 0; bit < 64; bit++) {
                weights[bit] += ((hash >>> bit) & 1) == 1 ? 1 : -1;
            }
        }
        long simhash = 0;
        for (int bit = 0; bit < 64; bit++) {
            if (weights[bit] > 0) {
                simhash |= 1L << bit;
            }
        }
        return simhash;
    }

    static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    static List<String> features(String title) {
        List<String> features = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        String text = title == null ? "" : title.toLowerCase(Locale.ROOT);
        char previousIdeograph = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isIdeographic(c)) {
                flush(word, features);
                if (previousIdeograph != 0) {
                    features.add("" + previousIdeograph + c);
                }
                previousIdeograph = c;
            } else if (Character.isLetterOrDigit(c)) {
                previousIdeograph = 0;
                word.append(c);
            } else {
                previousIdeograph = 0;
                flush(word, features);
            }
        }
        flush(word, features);
        return features;
    }

    /** Function words carry no story, and in a short headline one of them would move many bits. */
    private static final java.util.Set<String> STOPWORDS = java.util.Set.of("a", "an", "and", "the", "of", "on", "to",
            "in", "at", "by", "as", "is", "for", "with", "from", "its", "it", "or", "be", "are", "was", "has", "have");

    private static void flush(StringBuilder word, List<String> features) {
        if (word.length() > 0 && !STOPWORDS.contains(word.toString())) {
            features.add(word.toString());
        }
        word.setLength(0);
    }

    private static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
