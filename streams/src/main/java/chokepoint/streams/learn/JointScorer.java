package chokepoint.streams.learn;

import java.util.Arrays;

/**
 * The measure, stage and actor models scored together: one table from slot to a row holding every model's weights side
 * by side. Scoring is bound by memory, not arithmetic (the weights are larger than the processor's caches and each
 * feature is a look-up), so one probe and one cache line per feature instead of one per model.
 */
final class JointScorer {

    private final LinearModel[] heads;
    private final int[] offsets;
    private final int width;
    private final int[] table;   // slot, row; -1 empty
    private final int mask;
    private final float[] weights;

    JointScorer(LinearModel... heads) {
        this.heads = heads;
        offsets = new int[heads.length];
        int w = 0;
        int[] union = new int[0];
        for (int h = 0; h < heads.length; h++) {
            offsets[h] = w;
            w += heads[h].classes().size();
            union = union(union, heads[h].slots());
        }
        width = w;
        weights = new float[union.length * width];
        for (int h = 0; h < heads.length; h++) {
            copy(heads[h], union, offsets[h]);
        }
        int capacity = Integer.highestOneBit(Math.max(4, union.length * 2) - 1) << 1;
        table = new int[capacity * 2];
        mask = capacity - 1;
        Arrays.fill(table, -1);
        for (int row = 0; row < union.length; row++) {
            int at = spread(union[row]) & mask;
            while (table[2 * at] != -1) {
                at = (at + 1) & mask;
            }
            table[2 * at] = union[row];
            table[2 * at + 1] = row;
        }
    }

    private static int[] union(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return Arrays.stream(all).sorted().distinct().toArray();
    }

    private void copy(LinearModel model, int[] union, int offset) {
        int k = model.classes().size();
        int[] slots = model.slots();
        for (int i = 0; i < slots.length; i++) {
            int row = Arrays.binarySearch(union, slots[i]);
            System.arraycopy(model.weights(), i * k, weights, row * width + offset, k);
        }
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
            while ((key = table[2 * at]) != slot && key != -1) {
                at = (at + 1) & mask;
            }
            if (key == slot) {
                int base = table[2 * at + 1] * width;
                float v = value[i];
                for (int c = 0; c < width; c++) {
                    scores[c] += weights[base + c] * v;
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
