package chokepoint.streams.learn;

import chokepoint.streams.classify.Classification;

import java.util.Arrays;

/**
 * The features the learned layer reads, in any language and without a dictionary: words and word pairs of the title and
 * of the lead, character n-grams of both (which carry Chinese, Japanese and Korean, where words are not spaced, and the
 * inflections of German, French and Dutch), the publisher's jurisdiction, and what the rules said and how sure they were.
 * Each feature is hashed into {@link #DIMENSION} slots (FNV-1a, the same on every machine); each group is scaled so that
 * a long text does not outweigh its title.
 */
public final class TextFeatures {

    public static final int BITS = 20;
    public static final int DIMENSION = 1 << BITS;
    /** What a text is about is said in its title and lead, as the rules read it too. */
    static final int LEAD_CHARS = 600;
    private static final int MAX_TITLE_CHARS = 400;
    private static final int MAX_WORD_CHARS = 24;

    /**
     * A sparse vector as found: indices below {@link #DIMENSION} with their values, in the order found, an index
     * possibly more than once (a word twice, two features in one slot): a dot product needs no more, and
     * {@link #merged()} gives the sorted, distinct form a solver wants.
     */
    public record Vector(int[] index, float[] value) {
        public int size() {
            return index.length;
        }

        /** Ascending distinct indices, the values of repeated ones added up. */
        public Vector merged() {
            long[] packed = new long[index.length];
            for (int i = 0; i < index.length; i++) {
                packed[i] = ((long) index[i] << 32) | (Float.floatToRawIntBits(value[i]) & 0xffffffffL);
            }
            Arrays.sort(packed);
            int[] merged = new int[index.length];
            float[] values = new float[index.length];
            int size = 0;
            for (long p : packed) {
                int slot = (int) (p >>> 32);
                float v = Float.intBitsToFloat((int) p);
                if (size > 0 && merged[size - 1] == slot) {
                    values[size - 1] += v;
                } else {
                    merged[size] = slot;
                    values[size++] = v;
                }
            }
            return new Vector(Arrays.copyOf(merged, size), Arrays.copyOf(values, size));
        }
    }

    static final boolean HEADLINE = Boolean.getBoolean("chokepoint.x.headline");
    static final boolean LEAD_PAIRS = Boolean.getBoolean("chokepoint.x.leadPairs");
    static final boolean LEAD_CHARS2 = Boolean.getBoolean("chokepoint.x.leadChars2");

    /** The first sentence of a text (up to a full stop, 。, ! or ?), or the text when it has no end. */
    static String firstSentence(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '。' || c == '！' || c == '？' || (c == '.' || c == '!' || c == '?') && (i + 1 == text.length()
                    || text.charAt(i + 1) == ' ') && i > 20) {
                return text.substring(0, i + 1);
            }
        }
        return text;
    }

    static final boolean EVIDENCE = Boolean.getBoolean("chokepoint.x.evidence");
    static final boolean STAGE_CONJ = Boolean.getBoolean("chokepoint.x.stageConj");
    static final boolean SPLIT_GROUPS = Boolean.getBoolean("chokepoint.x.splitGroups");
    static final double RULES_WEIGHT = Double.parseDouble(System.getProperty("chokepoint.x.rulesWeight", "1"));
    static final boolean RULE_ACTORS = Boolean.getBoolean("chokepoint.x.ruleActors");

    private TextFeatures() {
    }

    /**
     * @param rules what the rules said about the same text, or null to leave the rules out
     */
    public static Vector of(String title, String text, String publisher, Classification rules) {
        Builder features = new Builder();
        String head = normalise(title == null ? "" : title, MAX_TITLE_CHARS);
        String lead = normalise(text == null ? "" : text, LEAD_CHARS);
        if (HEADLINE && head.isEmpty()) {
            head = firstSentence(lead);
        }
        features.words('T', head, true);
        features.chars('t', head, 2, 4);
        if (SPLIT_GROUPS) {
            features.group();
        }
        features.words('B', lead, LEAD_PAIRS);
        features.charsOutsideAscii('b', lead, 3);
        if (LEAD_CHARS2) {
            features.charsOutsideAscii('k', lead, 2);
        }
        features.group();
        features.add('p', publisher == null ? "-" : publisher);
        if (rules != null) {
            features.add('m', rules.measure().name());
            features.add('s', rules.stage() == null ? "-" : rules.stage().name());
            if (rules.signals() != null) {
                features.add('c', rules.signals().measureCue());
                features.add('d', rules.signals().stageCue());
                features.add('e', rules.signals().actorCue());
                features.add('a', rules.signals().actor() == null ? "-" : rules.signals().actor()
                        .equals(publisher) ? "publisher" : "other");
            }
            features.add('x', rules.measure().name() + "/" + (rules.signals() == null ? "" : rules.signals().measureCue()));
            if (STAGE_CONJ) {
                features.add('y', (rules.stage() == null ? "-" : rules.stage().name()) + "/"
                        + (rules.signals() == null ? "" : rules.signals().stageCue() + "/" + rules.signals().script()));
            }
            if (EVIDENCE && rules.evidence() != null) {
                for (chokepoint.records.Evidence e : rules.evidence()) {
                    if (e.rule() != null && !e.rule().startsWith("model") && !e.rule().startsWith("sector.")) {
                        features.add('v', e.field() + ":" + e.rule());
                    }
                }
            }
            if (RULE_ACTORS && rules.signals() != null) {
                String actor = rules.signals().actor() == null ? "-" : rules.signals().actor();
                features.add('r', actor);
                features.add('R', actor + "/" + rules.signals().actorCue());
                for (String target : rules.signals().targets()) {
                    features.add('g', target);
                }
            }
        }
        features.group(RULES_WEIGHT);
        return features.build();
    }

    /** Lower case, runs of white space as one space, at most {@code max} characters read; one pass, no regex. */
    static String normalise(String text, int max) {
        int end = Math.min(text.length(), max);
        StringBuilder out = new StringBuilder(end);
        boolean space = true;   // drops leading white space
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (space && out.length() > 0) {
                out.append(' ');
            }
            space = false;
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    /** Collects hashed features group by group; a group's features are weighted to unit length when it closes. */
    private static final class Builder {
        private int[] all = new int[256];
        private float[] allValues = new float[256];
        private int allSize;
        private int[] group = new int[256];
        private int groupSize;

        void add(char kind, String feature) {
            int h = seed(kind);
            for (int i = 0; i < feature.length(); i++) {
                h = mix(h, feature.charAt(i));
            }
            put(h);
        }

        void words(char kind, String text, boolean pairs) {
            int previous = 0;
            boolean hasPrevious = false;
            int start = -1;
            for (int i = 0; i <= text.length(); i++) {
                boolean letter = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
                if (letter && start < 0) {
                    start = i;
                } else if (!letter && start >= 0) {
                    if (i - start <= MAX_WORD_CHARS) {
                        int h = seed(kind);
                        for (int k = start; k < i; k++) {
                            h = mix(h, text.charAt(k));
                        }
                        put(h);
                        if (pairs && hasPrevious) {
                            put(pair(previous, h));
                        }
                        previous = h;
                        hasPrevious = true;
                    }
                    start = -1;
                }
            }
        }

        /**
         * Runs of {@code n} characters that hold a character beyond ASCII: the words of unspaced scripts (Chinese,
         * Japanese) and accented inflections; in English the words and word pairs already say it, at a fraction of the
         * look-ups.
         */
        void charsOutsideAscii(char kind, String text, int n) {
            int seed = seed(kind);
            int lastWide = -n - 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) > 0x7f) {
                    lastWide = i;
                }
                if (i + 1 >= n && lastWide > i - n) {
                    int h = seed;
                    for (int k = i - n + 1; k <= i; k++) {
                        h = mix(h, text.charAt(k));
                    }
                    put(mix(h, '\u0001'));
                }
            }
        }

        /** Every run of {@code from} to {@code to} characters (the text padded with a space each side). */
        void chars(char kind, String text, int from, int to) {
            int length = text.length() + 2;
            int seed = seed(kind);
            for (int i = 0; i + from <= length; i++) {
                int h = seed;
                for (int k = 0; k < to && i + k < length; k++) {
                    int at = i + k - 1;
                    h = mix(h, at < 0 || at >= text.length() ? ' ' : text.charAt(at));
                    if (k + 1 >= from) {
                        put(mix(h, '\u0001'));   // the end mark tells a 2-gram from the 3-gram it starts
                    }
                }
            }
        }

        /** A word pair: the two words' hashes mixed (murmur3's finaliser), order kept. */
        private static int pair(int first, int second) {
            int h = first * 0x9E3779B1 ^ second;
            h ^= h >>> 16;
            h *= 0x85EBCA6B;
            h ^= h >>> 13;
            return h;
        }

        private static int seed(char kind) {
            return mix(0x811c9dc5, kind);
        }

        private static int mix(int h, char c) {
            return (h ^ c) * 0x01000193;
        }

        private void put(int hash) {
            if (groupSize == group.length) {
                group = Arrays.copyOf(group, groupSize * 2);
            }
            group[groupSize++] = (hash ^ (hash >>> BITS)) & (DIMENSION - 1);
        }

        /** Closes a group: each occurrence weighs 1/sqrt(n) of its group's n, so every group weighs alike. */
        void group() {
            group(1);
        }

        void group(double scale) {
            if (groupSize == 0) {
                return;
            }
            float weight = (float) (scale / Math.sqrt(groupSize));
            if (allSize + groupSize > all.length) {
                all = Arrays.copyOf(all, (allSize + groupSize) * 2);
                allValues = Arrays.copyOf(allValues, (allSize + groupSize) * 2);
            }
            System.arraycopy(group, 0, all, allSize, groupSize);
            Arrays.fill(allValues, allSize, allSize + groupSize, weight);
            allSize += groupSize;
            groupSize = 0;
        }

        Vector build() {
            return new Vector(Arrays.copyOf(all, allSize), Arrays.copyOf(allValues, allSize));
        }
    }
}
