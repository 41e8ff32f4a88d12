package chokepoint.streams.learn;

import java.util.Arrays;

/**
 * The measure and stage models scored together: one table from slot to a row holding both models' weights side by
 * side. Scoring is bound by memory, not arithmetic (the weights are larger than the processor's caches and each
 * feature is a look-up), so one probe and one cache line per feature instead of two of each halves its cost.
 */
final class JointScorer {

    private final int measures;
    private final int stages;
    private final int width;
    private final int[] table;   // slot, row; -1 empty
    private final int mask;
    private final float[] weights;

    JointScorer(LinearModel measure, LinearModel stage) {
        measures = measure.classes().size();
        stages = stage.classes().size();
        width = measures + stages;
        int[] union = union(measure.slots(), stage.slots());
        weights = new float[union.length * width];
        copy(measure, union, 0);
        copy(stage, union, measures);
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

    /** Raw scores: measure classes first, then stage classes, biases added. */
    double[] scores(TextFeatures.Vector x, float[] measureBias, float[] stageBias) {
        double[] scores = new double[width];
        for (int c = 0; c < measures; c++) {
            scores[c] = measureBias[c];
        }
        for (int c = 0; c < stages; c++) {
            scores[measures + c] = stageBias[c];
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
}
