package chokepoint.streams.learn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A linear classifier over hashed features: one weight vector per class (one-vs-rest logistic regression), turned into
 * probabilities by a softmax at a temperature fitted on the dev split, so that "0.86" means right about 86 times in 100.
 * Only the slots that carry a weight are kept, found through a small open-addressing table.
 */
public final class LinearModel {

    private final List<String> classes;
    private final int[] slots;
    private final float[] weights;
    private final float[] bias;
    private final double temperature;
    /**
     * Open addressing from slot to its row, key and row side by side so that a probe touches one cache line: the
     * table is larger than the processor's caches, and each feature's look-up is a memory access.
     */
    private final int[] table;
    private final int tableMask;

    public LinearModel(List<String> classes, int[] slots, float[] weights, float[] bias, double temperature) {
        if (weights.length != slots.length * classes.size() || bias.length != classes.size()) {
            throw new IllegalArgumentException("weights do not fit " + classes.size() + " classes");
        }
        this.classes = List.copyOf(classes);
        this.slots = slots;
        this.weights = weights;
        this.bias = bias;
        this.temperature = temperature;
        int capacity = Integer.highestOneBit(Math.max(4, slots.length * 2) - 1) << 1;
        this.table = new int[capacity * 2];
        this.tableMask = capacity - 1;
        Arrays.fill(table, -1);
        for (int row = 0; row < slots.length; row++) {
            int at = spread(slots[row]) & tableMask;
            while (table[2 * at] != -1) {
                at = (at + 1) & tableMask;
            }
            table[2 * at] = slots[row];
            table[2 * at + 1] = row;
        }
    }

    private static int spread(int slot) {
        int h = slot * 0x9E3779B1;
        return h ^ (h >>> 16);
    }

    /** The row of a slot, or -1 when the model has no weight for it. */
    private int rowOf(int slot) {
        int at = spread(slot) & tableMask;
        while (true) {
            int key = table[2 * at];
            if (key == slot) {
                return table[2 * at + 1];
            }
            if (key == -1) {
                return -1;
            }
            at = (at + 1) & tableMask;
        }
    }

    public List<String> classes() {
        return classes;
    }

    public double temperature() {
        return temperature;
    }

    public int features() {
        return slots.length;
    }

    int[] slots() {
        return slots;
    }

    float[] weights() {
        return weights;
    }

    float[] bias() {
        return bias;
    }

    /** The weight of a slot for a class, 0 where the model keeps none. */
    float weight(int slot, int cls) {
        int row = rowOf(slot);
        return row < 0 ? 0f : weights[row * classes.size() + cls];
    }

    public LinearModel withTemperature(double t) {
        return new LinearModel(classes, slots, weights, bias, t);
    }

    /** The raw one-vs-rest scores, before the softmax. */
    public double[] scores(TextFeatures.Vector x) {
        int k = classes.size();
        double[] scores = new double[k];
        for (int c = 0; c < k; c++) {
            scores[c] = bias[c];
        }
        int[] index = x.index();
        float[] value = x.value();
        for (int i = 0; i < index.length; i++) {
            int row = rowOf(index[i]);
            if (row >= 0) {
                int base = row * k;
                for (int c = 0; c < k; c++) {
                    scores[c] += weights[base + c] * value[i];
                }
            }
        }
        return scores;
    }

    public double[] probabilities(TextFeatures.Vector x) {
        return softmax(scores(x), temperature);
    }

    public static double[] softmax(double[] scores, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        double[] p = new double[scores.length];
        for (int c = 0; c < scores.length; c++) {
            p[c] = Math.exp((scores[c] - max) / temperature);
            sum += p[c];
        }
        for (int c = 0; c < scores.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(classes.size());
        for (String c : classes) {
            out.writeUTF(c);
        }
        out.writeDouble(temperature);
        for (float b : bias) {
            out.writeFloat(b);
        }
        out.writeInt(slots.length);
        // Weights as 16-bit steps of the largest: half the file, and a change of at most 1/65534 of the largest
        // weight per feature, far below what moves a decision.
        float largest = 0;
        for (float w : weights) {
            largest = Math.max(largest, Math.abs(w));
        }
        float step = largest == 0 ? 1 : largest / Short.MAX_VALUE;
        out.writeFloat(step);
        int previous = 0;
        for (int i = 0; i < slots.length; i++) {
            out.writeInt(slots[i] - previous);   // gaps compress better than slots
            previous = slots[i];
            for (int c = 0; c < classes.size(); c++) {
                out.writeShort(Math.round(weights[i * classes.size() + c] / step));
            }
        }
    }

    static LinearModel read(DataInputStream in) throws IOException {
        int k = in.readInt();
        String[] classes = new String[k];
        for (int c = 0; c < k; c++) {
            classes[c] = in.readUTF();
        }
        double temperature = in.readDouble();
        float[] bias = new float[k];
        for (int c = 0; c < k; c++) {
            bias[c] = in.readFloat();
        }
        int n = in.readInt();
        int[] slots = new int[n];
        float[] weights = new float[n * k];
        float step = in.readFloat();
        int previous = 0;
        for (int i = 0; i < n; i++) {
            slots[i] = previous + in.readInt();
            previous = slots[i];
            for (int c = 0; c < k; c++) {
                weights[i * k + c] = in.readShort() * step;
            }
        }
        return new LinearModel(List.of(classes), slots, weights, bias, temperature);
    }
}
