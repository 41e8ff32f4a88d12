package chokepoint.streams.learn;

import chokepoint.streams.classify.Classification;
import chokepoint.streams.classify.Headline;
import chokepoint.streams.classify.RuleSignals;

import java.util.Arrays;
import java.util.List;

/**
 * The features the learned layer reads, in any language and without a dictionary: words and word pairs of the title and
 * of the lead, character n-grams of both (which carry Chinese, Japanese and Korean, where words are not spaced, and the
 * inflections of German, French and Dutch), the publisher's jurisdiction, and what the rules said and how sure they were,
 * with which measures and stages their words name in the title and in the lead (the same feature in every language).
 * Each feature is hashed into {@link #DIMENSION} slots (FNV-1a, the same on every machine); each group (the title, the
 * lead, what the rules said) is scaled to weigh alike, so that a long text does not outweigh its title. The stage head
 * also reads {@link #forStage}: the words around the measure words the rules found; the actor head {@link #forActor}:
 * the jurisdictions named and where.
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

    private TextFeatures() {
    }

    /**
     * @param rules what the rules said about the same text, or null to leave the rules out
     */
    public static Vector of(String title, String text, String publisher, Classification rules) {
        Builder features = new Builder();
        readText(features, title, text);
        features.add('p', publisher == null ? "-" : publisher);
        if (rules != null) {
            readRules(features, rules, publisher);
        }
        features.group();
        return features.build();
    }

    /** The stage head's own group weighs half as much as each of the others: as loud as the title, it cost stage readings on dev. */
    static final float STAGE_GROUP_WEIGHT = 0.5f;
    static final Vector EMPTY = new Vector(new int[0], new float[0]);

    /**
     * What the stage head reads besides the shared features: the neighbourhood of the rules' measure words
     * ({@link CueNeighbourhood}). The measure and actor heads do not read it (read by every head, the measure lost 0.016
     * on dev).
     */
    public static Vector forStage(String title, String text, Classification rules) {
        if (rules == null || rules.signals() == null) {
            return EMPTY;
        }
        Builder features = new Builder();
        CueNeighbourhood.read(features, title, text, rules.signals().cues());
        features.group(STAGE_GROUP_WEIGHT);
        return features.build();
    }

    /**
     * The actor head's own group weighs half as much as each of the others: models of rounds 1-22 read on rounds 23-28
     * gave actor 0.790 without it, 0.796 at half, 0.786 as loud as the title, 0.749 at twice (notes/model-experiments.md).
     */
    static final float ACTOR_GROUP_WEIGHT = 0.5f;
    /** Names in the lead past this many say little about who acts. */
    private static final int LEAD_NAMES = 4;

    /**
     * What the actor head reads besides the shared features: who the rules read as acting and from where, and each
     * jurisdiction named in the title with how the words around it read it (the one pressed, a place, or neither) and
     * whether it comes before the title's first measure word (the subject: "Japan imposes export controls ...") or after
     * it (its object), the first few named in the lead, and the publisher. The shared features hold the topic words
     * (China's export controls fill the corpus), which otherwise outweigh a name.
     */
    public static Vector forActor(String title, String text, String publisher, Classification rules) {
        if (rules == null || rules.signals() == null) {
            return EMPTY;
        }
        RuleSignals signals = rules.signals();
        Builder features = new Builder();
        features.add('A', (signals.actor() == null ? "-" : signals.actor()) + "/" + signals.actorCue());
        int firstMeasure = signals.cues().stream().filter(c -> c.isMeasure() && c.field().equals("title"))
                .mapToInt(RuleSignals.Cue::start).min().orElse(Integer.MAX_VALUE);
        boolean subjectSeen = false;
        int inLead = 0;
        for (RuleSignals.Cue cue : signals.cues()) {
            if (!cue.isJurisdiction()) {
                continue;
            }
            if (cue.field().equals("title")) {
                String where = cue.start() < firstMeasure ? "before" : "after";
                features.add('J', cue.value() + "/" + cue.role() + "/" + where);
                features.add('J', cue.value() + "/" + cue.role());
                if (!subjectSeen && !cue.role().equals("target")) {
                    features.add('F', cue.value() + "/" + where);
                    subjectSeen = true;
                }
            } else if (inLead++ < LEAD_NAMES) {
                features.add('L', cue.value() + "/" + cue.role());
            }
        }
        features.add('P', publisher == null ? "-" : publisher);
        features.group(ACTOR_GROUP_WEIGHT);
        return features.build();
    }

    /** Two vectors as one. */
    public static Vector concat(Vector a, Vector b) {
        if (b.size() == 0) {
            return a;
        }
        int[] index = Arrays.copyOf(a.index(), a.size() + b.size());
        float[] value = Arrays.copyOf(a.value(), a.size() + b.size());
        System.arraycopy(b.index(), 0, index, a.size(), b.size());
        System.arraycopy(b.value(), 0, value, a.size(), b.size());
        return new Vector(index, value);
    }

    /** The title and the lead, each a group of its own. */
    private static void readText(Builder features, String title, String text) {
        String head = normalise(title == null ? "" : title, MAX_TITLE_CHARS);
        String lead = normalise(text == null ? "" : text, LEAD_CHARS);
        if (head.isEmpty()) {
            // A wire story kept without its headline says in its first sentence what a title would.
            head = Headline.firstSentence(lead);
        }
        features.words('T', head, true);
        features.chars('t', head, 2, 4);
        // The title its own group: a long lead would otherwise drown the few words that say what the text is.
        features.group();
        features.words('B', lead, false);
        features.charsOutsideAscii('b', lead, 3);
        // Two characters make most Chinese, Japanese and Korean words (出口, 管制, 制裁, 관세); 3-grams alone miss them.
        features.charsOutsideAscii('k', lead, 2);
        features.group();
    }

    /** What the rules said and how: measure, stage, their cues, the actor and targets they read. */
    private static void readRules(Builder features, Classification rules, String publisher) {
        features.add('m', rules.measure().name());
        features.add('s', rules.stage() == null ? "-" : rules.stage().name());
        features.add('x', rules.measure().name() + "/" + (rules.signals() == null ? "" : rules.signals().measureCue()));
        if (rules.signals() == null) {
            return;
        }
        features.add('c', rules.signals().measureCue());
        features.add('d', rules.signals().stageCue());
        features.add('e', rules.signals().actorCue());
        String actor = rules.signals().actor() == null ? "-" : rules.signals().actor();
        features.add('a', rules.signals().actor() == null ? "-" : actor.equals(publisher) ? "publisher" : "other");
        // Which jurisdiction the rules read as acting and as targeted, and from where: the actor head learns when to
        // trust them (a heading, an agency) and when not (the country of a denied party).
        features.add('r', actor);
        features.add('R', actor + "/" + rules.signals().actorCue());
        for (String target : rules.signals().targets()) {
            features.add('g', target);
        }
        // Which measures and stages the rules' words name, and where, whether or not the rules decided with them: one
        // feature for "an easing word in the title" in every language, learned from all of them together where the
        // words themselves are learned language by language (corpus/notes/model-experiments.md, round 10).
        readCues(features, rules.signals().cues());
    }

    /** The rules' measure and stage words; the jurisdictions they named are the actor head's own ({@link #forActor}). */
    private static void readCues(Builder features, List<RuleSignals.Cue> cues) {
        for (RuleSignals.Cue cue : cues) {
            if (cue.isJurisdiction()) {
                continue;
            }
            char kind = cue.isMeasure() ? 'v' : 'w';
            features.add(kind, cue.field() + "/" + cue.value());
            features.add(kind, cue.value());
        }
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
    static final class Builder {
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
            group(1f);
        }

        /** Closes a group that weighs {@code scale} times as much as the others. */
        void group(float scale) {
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
