package chokepoint.streams.learn;

import java.util.Arrays;

/**
 * The measure, stage and actor models scored together: one row per slot holding every model's weights of that slot side
 * by side. Scoring is bound by memory, not arithmetic: the weights are larger than the processor's caches and each
 * feature is a look-up that misses them. So one look-up per feature in a plain array from slot to row (no probing), one
 * contiguous row instead of a row per model, and the look-ups of a text's features all made before any weight is
 * added, so that the processor waits for many of them at once instead of one after another. The weights stay the
 * 16-bit steps the models hold (a model without a weight for a slot has zeros there), and each product is the one the
 * model alone computes, added in the same order: the sums are those of each model alone.
 */
final class JointScorer {

    private final LinearModel[] heads;
    private final int[] classes;
    private final int[] offsets;
    private final float[] steps;
    private final int width;
    private final short[] rows;    // row r: every head's weights of one slot, side by side
    private final int[] rowOfSlot; // -1: no head has a weight for the slot

    JointScorer(LinearModel... heads) {
        this.heads = heads;
        classes = new int[heads.length];
        offsets = new int[heads.length];
        steps = new float[heads.length];
        int w = 0;
        int[] union = new int[0];
        for (int h = 0; h < heads.length; h++) {
            classes[h] = heads[h].classes().size();
            offsets[h] = w;
            steps[h] = heads[h].step();
            w += classes[h];
            union = union(union, heads[h].slots());
        }
        width = w;
        rowOfSlot = LinearModel.rowsOf(union);
        rows = new short[union.length * width];
        for (int h = 0; h < heads.length; h++) {
            int[] own = heads[h].slots();
            short[] weights = heads[h].weights();
            for (int r = 0; r < own.length; r++) {
                System.arraycopy(weights, r * classes[h], rows, rowOfSlot[own[r]] * width + offsets[h], classes[h]);
            }
        }
    }

    private static int[] union(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return Arrays.stream(all).sorted().distinct().toArray();
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
        int[] base = new int[index.length];
        // The look-ups first, each row's first and last weight read: a short loop whose iterations do not wait for one
        // another, so the processor has many misses under way at once; the additions below then find the rows cached.
        int touched = 0;
        for (int i = 0; i < index.length; i++) {
            int row = rowOfSlot[index[i]];
            base[i] = row < 0 ? -1 : row * width;
            if (row >= 0) {
                touched += rows[base[i]] ^ rows[base[i] + width - 1];
            }
        }
        for (int i = 0; i < index.length; i++) {
            if (base[i] >= 0) {
                float v = value[i];
                int b = base[i];
                for (int h = 0; h < steps.length; h++) {
                    float step = steps[h];
                    int from = offsets[h];
                    int to = from + classes[h];
                    for (int c = from; c < to; c++) {
                        scores[c] += rows[b + c] * step * v;
                    }
                }
            }
        }
        // Keeps the reads above from being dropped as unused; adds nothing (an int times zero is zero).
        scores[0] += touched * 0.0;
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
