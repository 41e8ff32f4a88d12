package chokepoint.streams.learn;

import java.util.Arrays;

/**
 * The measure, stage and actor models scored together: one table from slot to each model's row of weights. Scoring is
 * bound by memory, not arithmetic (the weights are larger than the processor's caches and each feature is a look-up),
 * so one probe per feature instead of one per model, and each model's weights read only where it has a row: the actor
 * model's 47 classes have a row for 70% of the slots, and a table of every model side by side read them as zeros for
 * the rest (and held a second copy of every weight). The sums are those of each model alone, in the same order.
 */
final class JointScorer {

    private final LinearModel[] heads;
    private final float[][] weights;
    private final int[] classes;
    private final int[] offsets;
    private final int width;
    private final int entry;     // ints per table entry: the slot, then each head's row (-1: none)
    private final int[] table;   // slot -1: empty
    private final int mask;

    JointScorer(LinearModel... heads) {
        this.heads = heads;
        weights = new float[heads.length][];
        classes = new int[heads.length];
        offsets = new int[heads.length];
        int w = 0;
        int[] union = new int[0];
        for (int h = 0; h < heads.length; h++) {
            weights[h] = heads[h].weights();
            classes[h] = heads[h].classes().size();
            offsets[h] = w;
            w += classes[h];
            union = union(union, heads[h].slots());
        }
        width = w;
        entry = 1 + heads.length;
        int capacity = Integer.highestOneBit(Math.max(4, union.length * 2) - 1) << 1;
        table = new int[capacity * entry];
        mask = capacity - 1;
        Arrays.fill(table, -1);
        for (int slot : union) {
            int at = spread(slot) & mask;
            while (table[at * entry] != -1) {
                at = (at + 1) & mask;
            }
            table[at * entry] = slot;
            for (int h = 0; h < heads.length; h++) {
                int row = Arrays.binarySearch(heads[h].slots(), slot);
                table[at * entry + 1 + h] = row < 0 ? -1 : row;
            }
        }
    }

    private static int[] union(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return Arrays.stream(all).sorted().distinct().toArray();
    }

    private static int spread(int slot) {
        int h = slot * 0x9E3779B1;
        return h ^ (h >>> 16);
    }

    /** Raw scores of every head, side by side in the order of the heads, biases added. */
    double[] scores(TextFeatures.Vector x) {
        double[] scores = new double[width];
        for (int h = 0; h < heads.length; h++) {
            float[] bias = heads[h].bias();
            for (int c = 0; c < bias.length; c++) {
                scores[offsets[h] + c] = bias[c];
            }
        }
        int[] index = x.index();
        float[] value = x.value();
        for (int i = 0; i < index.length; i++) {
            int slot = index[i];
            int at = spread(slot) & mask;
            int key;
            while ((key = table[at * entry]) != slot && key != -1) {
                at = (at + 1) & mask;
            }
            if (key == slot) {
                float v = value[i];
                for (int h = 0; h < weights.length; h++) {
                    int row = table[at * entry + 1 + h];
                    if (row >= 0) {
                        int k = classes[h];
                        int base = row * k;
                        int offset = offsets[h];
                        float[] w = weights[h];
                        for (int c = 0; c < k; c++) {
                            scores[offset + c] += w[base + c] * v;
                        }
                    }
                }
            }
        }
        return scores;
    }

    /** Adds what one head alone reads (its own features, no bias) to the joint scores. */
    void add(double[] scores, int head, TextFeatures.Vector own) {
        double[] more = heads[head].scores(own);
        float[] bias = heads[head].bias();
        for (int c = 0; c < more.length; c++) {
            scores[offsets[head] + c] += more[c] - bias[c];
        }
    }

    /** One head's probabilities out of the joint scores. */
    double[] probabilities(double[] scores, int head) {
        int from = offsets[head];
        return LinearModel.softmax(Arrays.copyOfRange(scores, from, from + heads[head].classes().size()),
                heads[head].temperature());
    }
}
