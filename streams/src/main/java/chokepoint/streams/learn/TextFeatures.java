package chokepoint.streams.learn;

import chokepoint.streams.classify.Classification;

import java.util.Arrays;
import java.util.Locale;

/**
 * The features the learned layer reads, in any language and without a dictionary: words and word pairs of the title and
 * of the lead, character n-grams of both (which carry Chinese, Japanese and Korean, where words are not spaced, and the
 * inflections of German, French and Dutch), the publisher's jurisdiction, and what the rules said and how sure they were.
 * Each feature is hashed into {@link #DIMENSION} slots (FNV-1a, the same on every machine); each group is scaled to unit
 * length so that a long text does not outweigh its title.
 */
public final class TextFeatures {

    public static final int BITS = 20;
    public static final int DIMENSION = 1 << BITS;
    /** What a text is about is said in its title and lead, as the rules read it too. */
    static final int LEAD_CHARS = 600;
    private static final int MAX_TITLE_CHARS = 400;
    private static final int MAX_WORD_CHARS = 24;

    /** A sparse vector: ascending distinct indices below {@link #DIMENSION} and their values. */
    public record Vector(int[] index, float[] value) {
        public int size() {
            return index.length;
        }
    }

    private TextFeatures() {
    }

    /**
     * @param rules what the rules said about the same text, or null to leave the rules out
     */
    public static Vector of(String title, String text, String publisher, Classification rules) {
        Builder features = new Builder();
        String head = normalise(title == null ? "" : title, MAX_TITLE_CHARS);
        String lead = normalise(text == null ? "" : text, LEAD_CHARS);
        features.words('T', head);
        features.chars('t', head, 2, 4);
        features.words('B', lead);
        features.chars('b', lead, 3, 3);
        features.group();
        features.add('p', publisher == null ? "-" : publisher);
        if (rules != null) {
            features.add('m', rules.measure().name());
            features.add('s', rules.stage() == null ? "-" : rules.stage().name());
            if (rules.signals() != null) {
                features.add('c', rules.signals().measureCue());
                features.add('d', rules.signals().stageCue());
                features.add('a', rules.signals().actor() == null ? "-" : rules.signals().actor()
                        .equals(publisher) ? "publisher" : "other");
            }
            features.add('x', rules.measure().name() + "/" + (rules.signals() == null ? "" : rules.signals().measureCue()));
        }
        features.group();
        return features.build();
    }

    static String normalise(String text, int max) {
        String cut = text.length() > max ? text.substring(0, max) : text;
        return cut.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
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

        void words(char kind, String text) {
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
                        if (hasPrevious) {
                            put(pair(previous, h));
                        }
                        previous = h;
                        hasPrevious = true;
                    }
                    start = -1;
                }
            }
        }

        void chars(char kind, String text, int from, int to) {
            String padded = " " + text + " ";
            for (int n = from; n <= to; n++) {
                for (int i = 0; i + n <= padded.length(); i++) {
                    int h = mix(seed(kind), (char) ('0' + n));
                    for (int k = i; k < i + n; k++) {
                        h = mix(h, padded.charAt(k));
                    }
                    put(h);
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

        /** Closes a group: each distinct feature counts once, and the group weighs as much as any other. */
        void group() {
            if (groupSize == 0) {
                return;
            }
            Arrays.sort(group, 0, groupSize);
            int distinct = 0;
            for (int i = 0; i < groupSize; i++) {
                if (i == 0 || group[i] != group[i - 1]) {
                    group[distinct++] = group[i];
                }
            }
            float weight = (float) (1 / Math.sqrt(distinct));
            if (allSize + distinct > all.length) {
                all = Arrays.copyOf(all, (allSize + distinct) * 2);
                allValues = Arrays.copyOf(allValues, (allSize + distinct) * 2);
            }
            for (int i = 0; i < distinct; i++) {
                all[allSize] = group[i];
                allValues[allSize++] = weight;
            }
            groupSize = 0;
        }

        Vector build() {
            // Merge the groups: sort by index (value bits ride in the low half), add up where two groups share a slot.
            long[] packed = new long[allSize];
            for (int i = 0; i < allSize; i++) {
                packed[i] = ((long) all[i] << 32) | (Float.floatToRawIntBits(allValues[i]) & 0xffffffffL);
            }
            Arrays.sort(packed);
            int[] index = new int[allSize];
            float[] value = new float[allSize];
            int size = 0;
            for (long p : packed) {
                int slot = (int) (p >>> 32);
                float v = Float.intBitsToFloat((int) p);
                if (size > 0 && index[size - 1] == slot) {
                    value[size - 1] += v;
                } else {
                    index[size] = slot;
                    value[size++] = v;
                }
            }
            return new Vector(Arrays.copyOf(index, size), Arrays.copyOf(value, size));
        }
    }
}
