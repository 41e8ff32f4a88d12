package chokepoint.streams.learn;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Fits one head of the learned layer: logistic regression by liblinear's primal trust-region solver, which draws no
 * random numbers and keeps no state between calls, so the same rows give the same weights on any thread.
 */
final class HeadFit {

    /** Weights smaller than this change no decision measurably and would only make the file larger. */
    static final double PRUNE = 1e-2;

    static {
        Linear.disableDebugOutput();
    }

    private HeadFit() {
    }

    /**
     * @param rows  the examples' features
     * @param label each example's class, an index into {@code classes}
     * @param c     the inverse of the regularisation's strength
     * @param start a model of the same classes the solver starts from (null: from zero). The solver stops where its
     *              gradient is small against the gradient at zero wherever it starts, so a start near the answer saves
     *              iterations; the weights differ from a fit from zero within that tolerance.
     */
    static LinearModel fit(List<TextFeatures.Vector> rows, int[] label, List<String> classes, double c, LinearModel start) {
        if (classes.size() == 1) {
            // One class seen: it is always the answer.
            return new LinearModel(classes, new int[0], new float[0], new float[] {0f}, 1.0);
        }
        List<TextFeatures.Vector> merged = rows.stream().map(TextFeatures.Vector::merged).toList();
        // The solver's vectors are as long as its feature space: number only the slots the examples use (in slot order,
        // so the result does not depend on the order of examples), not the whole hashed space.
        TreeSet<Integer> seen = new TreeSet<>();
        merged.forEach(x -> Arrays.stream(x.index()).forEach(seen::add));
        int[] used = seen.stream().mapToInt(Integer::intValue).toArray();
        Parameter parameter = new Parameter(SolverType.L2R_LR, c, 0.01);
        if (start != null) {
            parameter.setInitSol(initialWeights(start, label, classes, used));
        }
        Model model = Linear.train(problem(merged, label, used), parameter);
        return weights(model, classes, used);
    }

    /**
     * The start in the solver's layout: its classes in the order they first appear among the labels (one weight vector
     * when there are two, for the first), each slot's weights, then the bias.
     */
    private static double[] initialWeights(LinearModel start, int[] label, List<String> classes, int[] used) {
        List<Integer> order = new ArrayList<>();
        for (int y : label) {
            if (!order.contains(y)) {
                order.add(y);
            }
        }
        int vectors = order.size() == 2 ? 1 : order.size();
        int[] startClass = new int[vectors];
        for (int i = 0; i < vectors; i++) {
            int y = order.get(i);
            startClass[i] = y < 0 ? -1 : start.classes().indexOf(classes.get(y));
        }
        double[] init = new double[(used.length + 1) * vectors];
        for (int i = 0; i < vectors; i++) {
            if (startClass[i] < 0) {
                continue;
            }
            for (int j = 0; j < used.length; j++) {
                init[j * vectors + i] = start.weight(used[j], startClass[i]);
            }
            init[used.length * vectors + i] = start.bias()[startClass[i]];
        }
        return init;
    }

    private static Problem problem(List<TextFeatures.Vector> rows, int[] label, int[] used) {
        Problem problem = new Problem();
        problem.l = rows.size();
        problem.n = used.length + 1;
        problem.bias = 1;
        problem.x = new Feature[rows.size()][];
        problem.y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            TextFeatures.Vector x = rows.get(i);
            Feature[] row = new Feature[x.size() + 1];
            for (int k = 0; k < x.size(); k++) {
                row[k] = new FeatureNode(Arrays.binarySearch(used, x.index()[k]) + 1, x.value()[k]);
            }
            row[x.size()] = new FeatureNode(problem.n, 1.0);
            problem.x[i] = row;
            problem.y[i] = label[i];
        }
        return problem;
    }

    /** The solver's weights in the model's layout: kept slots in slot order, one weight per class each. */
    private static LinearModel weights(Model model, List<String> classes, int[] used) {
        int[] labels = model.getLabels();
        int k = classes.size();
        int[] labelIndex = new int[k];   // our class -> liblinear's label position
        Arrays.fill(labelIndex, -1);
        for (int j = 0; j < labels.length; j++) {
            labelIndex[labels[j]] = j;
        }
        List<Integer> kept = new ArrayList<>();
        List<float[]> keptWeights = new ArrayList<>();
        for (int position = 0; position < used.length; position++) {
            float[] w = new float[k];
            double largest = 0;
            for (int cls = 0; cls < k; cls++) {
                w[cls] = labelIndex[cls] < 0 ? 0f : (float) model.getDecfunCoef(position + 1, labelIndex[cls]);
                largest = Math.max(largest, Math.abs(w[cls]));
            }
            if (largest >= PRUNE) {
                kept.add(used[position]);
                keptWeights.add(w);
            }
        }
        int[] slots = new int[kept.size()];
        float[] weights = new float[kept.size() * k];
        for (int i = 0; i < kept.size(); i++) {
            slots[i] = kept.get(i);
            System.arraycopy(keptWeights.get(i), 0, weights, i * k, k);
        }
        float[] bias = new float[k];
        for (int cls = 0; cls < k; cls++) {
            // A class absent from training never wins.
            bias[cls] = labelIndex[cls] < 0 ? -100f : (float) model.getDecfunBias(labelIndex[cls]);
        }
        return new LinearModel(classes, slots, weights, bias, 1.0);
    }
}
