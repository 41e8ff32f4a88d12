package chokepoint.streams.learn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A linear classifier over hashed features: one weight vector per class (one-vs-rest logistic regression), turned into
 * probabilities by a softmax at a temperature fitted on the dev split, so that "0.86" means right about 86 times in 100.
 * Only the slots that carry a weight are kept, found through an array from slot to row. Weights are held as the
 * model file keeps them, 16-bit steps of the largest, from the moment a model is made: what training scores with is what
 * the shipped file scores with, and the weights take half the memory (scoring is bound by it).
 */
public final class LinearModel {

    private final List<String> classes;
    private final int[] slots;
    private final short[] weights;
    /** What one step of {@link #weights} is worth. */
    private final float step;
    private final float[] bias;
    private final double temperature;
    /** From slot to its row, -1 where the model keeps no weight: one look-up, no probing. */
    private final int[] rowOfSlot;

    public LinearModel(List<String> classes, int[] slots, float[] weights, float[] bias, double temperature) {
        this(classes, slots, stepOf(weights), weights, bias, temperature);
    }

    private LinearModel(List<String> classes, int[] slots, float step, float[] weights, float[] bias, double temperature) {
        this(classes, slots, quantised(weights, step), step, bias, temperature);
    }

    private LinearModel(List<String> classes, int[] slots, short[] weights, float step, float[] bias, double temperature) {
        this(classes, slots, weights, step, bias, temperature, rowsOf(slots));
    }

    private LinearModel(List<String> classes, int[] slots, short[] weights, float step, float[] bias, double temperature,
                        int[] rowOfSlot) {
        if (weights.length != slots.length * classes.size() || bias.length != classes.size()) {
            throw new IllegalArgumentException("weights do not fit " + classes.size() + " classes");
        }
        this.classes = List.copyOf(classes);
        this.slots = slots;
        this.weights = weights;
        this.step = step;
        this.bias = bias;
        this.temperature = temperature;
        this.rowOfSlot = rowOfSlot;
    }

    /** From each slot of {@link TextFeatures#DIMENSION} to its place among {@code slots}, -1 where it is none. */
    static int[] rowsOf(int[] slots) {
        int[] rowOfSlot = new int[TextFeatures.DIMENSION];
        Arrays.fill(rowOfSlot, -1);
        for (int row = 0; row < slots.length; row++) {
            rowOfSlot[slots[row]] = row;
        }
        return rowOfSlot;
    }

    /**
     * 16-bit steps of the largest weight: a change of at most 1/65534 of the largest weight per feature, far below what
     * moves a decision.
     */
    private static float stepOf(float[] weights) {
        float largest = 0;
        for (float w : weights) {
            largest = Math.max(largest, Math.abs(w));
        }
        return largest == 0 ? 1 : largest / Short.MAX_VALUE;
    }

    private static short[] quantised(float[] weights, float step) {
        short[] steps = new short[weights.length];
        for (int i = 0; i < weights.length; i++) {
            steps[i] = (short) Math.round(weights[i] / step);
        }
        return steps;
    }

    /** The row of a slot, or -1 when the model has no weight for it. */
    private int rowOf(int slot) {
        return rowOfSlot[slot];
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

    /** The weights in steps of {@link #step()}, one row of the classes' weights per slot. */
    short[] weights() {
        return weights;
    }

    float step() {
        return step;
    }

    float[] bias() {
        return bias;
    }

    /** The weight of a slot for a class, 0 where the model keeps none. */
    float weight(int slot, int cls) {
        int row = rowOf(slot);
        return row < 0 ? 0f : weights[row * classes.size() + cls] * step;
    }

    public LinearModel withTemperature(double t) {
        return new LinearModel(classes, slots, weights, step, bias, t, rowOfSlot);
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
                    scores[c] += weights[base + c] * step * value[i];
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
        out.writeFloat(step);
        int previous = 0;
        for (int i = 0; i < slots.length; i++) {
            out.writeInt(slots[i] - previous);   // gaps compress better than slots
            previous = slots[i];
            for (int c = 0; c < classes.size(); c++) {
                out.writeShort(weights[i * classes.size() + c]);
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
        short[] weights = new short[n * k];
        float step = in.readFloat();
        // A row at a time, decoded here: one stream call per slot instead of one per weight (the file holds millions).
        byte[] bytes = new byte[4 + 2 * k];
        ByteBuffer row = ByteBuffer.wrap(bytes);   // big-endian, as DataOutputStream wrote it
        int previous = 0;
        for (int i = 0; i < n; i++) {
            in.readFully(bytes);
            slots[i] = previous + row.getInt(0);
            previous = slots[i];
            for (int c = 0; c < k; c++) {
                weights[i * k + c] = row.getShort(4 + 2 * c);
            }
        }
        return new LinearModel(List.of(classes), slots, weights, step, bias, temperature);
    }
}
