package chokepoint.streams.learn;

import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.streams.classify.Classification;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSignals;
import chokepoint.streams.corpus.CorpusItem;
import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Fits the learned layer: logistic regression (liblinear's primal trust-region solver, which draws no random numbers,
 * so the same corpus gives the same file) for the measure on every train item and for the stage on train items with a
 * measure; then, on dev only, the regularisation, the temperature that calibrates the probabilities, and the
 * {@link CombinationPolicy}; last, the weights are fitted again on train and dev together at the chosen settings. The
 * test split is never read here.
 */
public final class ModelTrainer {

    static final double[] C_GRID = {8, 32};
    /**
     * The probabilities above which the model may take a decision from the rules. From 0 ("always the model's"): where
     * the rules are silent, the model's first choice is right more often than the rules' silence even when it is unsure
     * (on dev, starting at 0.4 instead left 0.02 of measure accuracy and 0.04 of actor accuracy to the rules).
     */
    static final double[] THRESHOLDS = {0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, CombinationPolicy.NEVER};
    /**
     * The least probability at which the model may overrule an easing word in a title (取消, 已废止, lifted, removed).
     * Fitted freely, the threshold fell to 0.6 on the round-4 corpus, where few held-out items carry such a word, and
     * the model then read "MOFCOM cancels its countermeasures against two EU banks" (2026) and three repealed
     * regulations as IMPOSED at 0.62-0.67 (streams/src/test/resources/eval/sources.jsonl): a lifting read as a new
     * measure is a false alarm of the worst kind.
     */
    static final double EASING_TITLE_FLOOR = 0.7;
    /**
     * The least probability at which the model may overrule any other stage word in a title (imposes, extends,
     * initiates, 实施, 延长). Fitted freely on the round-5 corpus the threshold fell to 0.3-0.4, and the model read
     * "United States imposes 25 percent tariffs on steel imports from the European Union" as EASED at 0.54: a
     * measure imposed read as eased is an alert never raised. On dev (997 items) the floor changes no overall figure (0.842 / 0.895 /
     * 0.706 / 0.870 either way; eu- and other-official gain one or two items, us-official loses one).
     */
    static final double TITLE_STAGE_FLOOR = 0.7;
    /** Weights smaller than this change no decision measurably and would only make the file larger. */
    static final double PRUNE = 1e-2;

    /** An item as the trainer sees it: its gold label, what the rules said, and its features. */
    record Example(CorpusItem item, Classification rules, TextFeatures.Vector x, TextFeatures.Vector stageOnly) {
        /** What the stage head reads: the shared features and its own. */
        TextFeatures.Vector stageX() {
            return TextFeatures.concat(x, stageOnly);
        }
    }

    /** What training chose, for the command's report. */
    public record Report(double measureC, double stageC, double actorC, int actorClasses, double measureTemperature,
                         double stageTemperature,
                         int measureFeatures, int stageFeatures, int trainItems, int devItems, boolean refit) {
    }

    /** What the model reads of an item: {@link TextFeatures} by default; a comparison may read something else. */
    public interface Featurizer {
        TextFeatures.Vector features(CorpusItem item, Classification rules);

        /** Features the stage head alone reads (none by default). */
        default TextFeatures.Vector stageFeatures(CorpusItem item, Classification rules) {
            return TextFeatures.EMPTY;
        }
    }

    private final Classifier rules;
    private final Featurizer featurizer;
    private boolean refit = true;
    private Report report;

    /** @param rules the rules alone: their reading is a feature, and the policy is fitted against them */
    public ModelTrainer(Classifier rules) {
        this(rules, new Featurizer() {
            @Override
            public TextFeatures.Vector features(CorpusItem item, Classification byRules) {
                return TextFeatures.of(item.title(), item.text(), item.jurisdiction(), byRules);
            }

            @Override
            public TextFeatures.Vector stageFeatures(CorpusItem item, Classification byRules) {
                return TextFeatures.forStage(item.title(), item.text(), byRules);
            }
        });
    }

    public ModelTrainer(Classifier rules, Featurizer featurizer) {
        this.rules = rules.withModel(null);
        this.featurizer = featurizer;
        Linear.disableDebugOutput();
    }

    /** Whether the shipped weights are fitted again on train and dev once settings are chosen (default: yes). */
    public ModelTrainer refit(boolean again) {
        this.refit = again;
        return this;
    }

    public Report report() {
        return report;
    }

    public LearnedModel train(List<CorpusItem> train, List<CorpusItem> dev, String versionBase) {
        List<Example> trainExamples = examples(train);
        List<Example> devExamples = examples(dev);
        List<String> measures = classes(trainExamples, e -> e.item().label().measure().name());
        List<Example> trainWithMeasure = withMeasure(trainExamples);
        List<Example> devWithMeasure = withMeasure(devExamples);
        List<String> stages = classes(trainWithMeasure, e -> e.item().label().stage().name());
        List<Example> everyLabelled = new ArrayList<>(trainExamples);
        everyLabelled.addAll(devExamples);
        List<String> actors = actorClasses(withMeasure(everyLabelled));
        Function<Example, String> actorOf = e -> actorClass(actors, e.item().label().actor());

        Function<Example, String> measureOf = e -> e.item().label().measure().name();
        Function<Example, String> stageOf = e -> e.item().label().stage().name();
        Fitted measureFit = bestC(trainExamples, devExamples, measures, measureOf, Example::x);
        Fitted stageFit = bestC(trainWithMeasure, devWithMeasure, stages, stageOf, Example::stageX);
        // The actor head takes the stage head's regularisation (both learn from the items with a measure): one grid less.
        double actorC = stageFit.c();
        LinearModel actor = fit(trainWithMeasure, actors, actorOf, actorC);
        double measureC = measureFit.c();
        double stageC = stageFit.c();
        LinearModel measure = measureFit.model();
        LinearModel stage = stageFit.model();
        List<Example> all = new ArrayList<>(trainExamples);
        all.addAll(devExamples);
        CombinationPolicy policy;
        if (refit && !devExamples.isEmpty()) {
            // The regularisation chosen on dev, the rest is measured on held-out predictions for every labelled item
            // outside test: each of FOLDS parts of train and dev predicted by a model fitted on the other parts. The
            // temperature and where the model decides rest on all of them (a few hundred dev items would leave most
            // rule cues with a handful of cases), and the shipped weights learn from train and dev together.
            List<Example> heldOut = new ArrayList<>();
            List<LearnedModel.Prediction> predictions = new ArrayList<>();
            List<double[]> measureScores = new ArrayList<>();
            List<double[]> stageScores = new ArrayList<>();
            List<double[]> actorScores = new ArrayList<>();
            for (int fold = 0; fold < FOLDS; fold++) {
                final int f = fold;
                List<Example> rest = all.stream().filter(e -> fold(e) != f).toList();
                List<Example> part = all.stream().filter(e -> fold(e) == f).toList();
                LinearModel m = fit(rest, measures, measureOf, measureC);
                LinearModel st = fit(withMeasure(rest), stages, stageOf, stageC, Example::stageX);
                LinearModel ac = fit(withMeasure(rest), actors, actorOf, actorC);
                for (Example e : part) {
                    heldOut.add(e);
                    measureScores.add(m.scores(e.x()));
                    stageScores.add(st.scores(e.stageX()));
                    actorScores.add(ac.scores(e.x()));
                }
            }
            double tm = temperature(measures, measureScores, heldOut, measureOf);
            List<Integer> withStage = new ArrayList<>();
            for (int i = 0; i < heldOut.size(); i++) {
                if (heldOut.get(i).item().label().measure() != Measure.NONE && heldOut.get(i).item().label().stage() != null) {
                    withStage.add(i);
                }
            }
            double ts = temperature(stages, withStage.stream().map(stageScores::get).toList(),
                    withStage.stream().map(heldOut::get).toList(), stageOf);
            double ta = temperature(actors, withStage.stream().map(actorScores::get).toList(),
                    withStage.stream().map(heldOut::get).toList(), actorOf);
            for (int i = 0; i < heldOut.size(); i++) {
                predictions.add(prediction(measures, stages, actors, measureScores.get(i), stageScores.get(i),
                        actorScores.get(i), tm, ts, ta));
            }
            policy = policy(heldOut, predictions);
            measure = fit(all, measures, measureOf, measureC).withTemperature(tm);
            stage = fit(withMeasure(all), stages, stageOf, stageC, Example::stageX).withTemperature(ts);
            actor = fit(withMeasure(all), actors, actorOf, actorC).withTemperature(ta);
        } else {
            measure = measure.withTemperature(temperature(measure, devExamples, measureOf));
            LinearModel stageFitted = stage;
            stage = stage.withTemperature(temperature(stage.classes(), devWithMeasure.stream()
                    .map(e -> stageFitted.scores(e.stageX())).toList(), devWithMeasure, stageOf));
            actor = actor.withTemperature(temperature(actor, devWithMeasure, actorOf));
            LearnedModel unversioned = new LearnedModel(versionBase, measure, stage, actor, CombinationPolicy.rulesAlone());
            policy = policy(devExamples, devExamples.stream().map(e -> unversioned.predict(e.x(), e.stageOnly())).toList());
        }
        LearnedModel model = new LearnedModel(versionBase, measure, stage, actor, policy);
        // The version names what the model is, not when it was made: the same corpus gives the same version.
        String version = versionBase + "+" + digest(model.bytes()).substring(0, 8);
        report = new Report(measureC, stageC, actorC, actors.size(), measure.temperature(), stage.temperature(), measure.features(),
                stage.features(), train.size(), dev.size(), refit);
        return new LearnedModel(version, measure, stage, actor, policy);
    }

    List<Example> examples(List<CorpusItem> items) {
        List<Example> examples = new ArrayList<>();
        for (CorpusItem item : items) {
            Classification byRules = rules.classifyByRules(item.title(), item.text(), item.jurisdiction());
            examples.add(new Example(item, byRules, featurizer.features(item, byRules), featurizer.stageFeatures(item, byRules)));
        }
        return examples;
    }

    private static List<Example> withMeasure(List<Example> examples) {
        return examples.stream().filter(e -> e.item().label().measure() != Measure.NONE && e.item().label().stage() != null)
                .toList();
    }

    /** The classes present, in the vocabulary's order (so that the file does not depend on the order of items). */
    private static List<String> classes(List<Example> examples, Function<Example, String> label) {
        TreeSet<String> present = new TreeSet<>();
        examples.forEach(e -> present.add(label.apply(e)));
        List<String> ordered = new ArrayList<>();
        for (Measure m : Measure.values()) {
            if (present.contains(m.name())) {
                ordered.add(m.name());
            }
        }
        for (Stage s : Stage.values()) {
            if (present.contains(s.name())) {
                ordered.add(s.name());
            }
        }
        return ordered;
    }

    /** A model fitted at one regularisation. */
    private record Fitted(double c, LinearModel model) {
    }

    /** The regularisation that gets the most dev items right (the smaller on a tie), and its model. */
    private static Fitted bestC(List<Example> train, List<Example> dev, List<String> classes,
                                Function<Example, String> label, Function<Example, TextFeatures.Vector> features) {
        if (dev.isEmpty()) {
            return new Fitted(C_GRID[1], fit(train, classes, label, C_GRID[1], features));
        }
        Fitted best = null;
        int bestRight = -1;
        for (double c : C_GRID) {
            LinearModel model = fit(train, classes, label, c, features);
            int right = 0;
            for (Example e : dev) {
                right += classes.get(argmax(model.scores(features.apply(e)))).equals(label.apply(e)) ? 1 : 0;
            }
            if (right > bestRight) {
                bestRight = right;
                best = new Fitted(c, model);
            }
        }
        return best;
    }

    static LinearModel fit(List<Example> examples, List<String> classes, Function<Example, String> label, double c) {
        return fit(examples, classes, label, c, Example::x);
    }

    static LinearModel fit(List<Example> examples, List<String> classes, Function<Example, String> label, double c,
                           Function<Example, TextFeatures.Vector> features) {
        if (classes.size() == 1) {
            // One class seen: it is always the answer.
            return new LinearModel(classes, new int[0], new float[0], new float[] {0f}, 1.0);
        }
        // The solver's vectors are as long as its feature space: number only the slots the examples use (in slot order,
        // so the result does not depend on the order of examples), not the whole hashed space.
        List<TextFeatures.Vector> rows = examples.stream().map(e -> features.apply(e).merged()).toList();
        TreeSet<Integer> seen = new TreeSet<>();
        rows.forEach(x -> Arrays.stream(x.index()).forEach(seen::add));
        int[] used = seen.stream().mapToInt(Integer::intValue).toArray();
        Problem problem = new Problem();
        problem.l = examples.size();
        problem.n = used.length + 1;
        problem.bias = 1;
        problem.x = new Feature[examples.size()][];
        problem.y = new double[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            TextFeatures.Vector x = rows.get(i);
            Feature[] row = new Feature[x.size() + 1];
            for (int k = 0; k < x.size(); k++) {
                row[k] = new FeatureNode(Arrays.binarySearch(used, x.index()[k]) + 1, x.value()[k]);
            }
            row[x.size()] = new FeatureNode(problem.n, 1.0);
            problem.x[i] = row;
            problem.y[i] = classes.indexOf(label.apply(examples.get(i)));
        }
        Parameter parameter = new Parameter(SolverType.L2R_LR, c, 0.01);
        Model model = Linear.train(problem, parameter);
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
            int slot = used[position];
            float[] w = new float[k];
            double largest = 0;
            for (int cls = 0; cls < k; cls++) {
                w[cls] = labelIndex[cls] < 0 ? 0f : (float) model.getDecfunCoef(position + 1, labelIndex[cls]);
                largest = Math.max(largest, Math.abs(w[cls]));
            }
            if (largest >= PRUNE) {
                kept.add(slot);
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

    static final int FOLDS = 4;

    /** A fixed fold of an item, by a hash of its id: the same on every run. */
    static int fold(Example e) {
        return Math.floorMod(digest(e.item().id().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hashCode(), FOLDS);
    }

    private static LearnedModel.Prediction prediction(List<String> measures, List<String> stages, List<String> actors,
                                                      double[] measureScores, double[] stageScores, double[] actorScores,
                                                      double tm, double ts, double ta) {
        double[] pm = LinearModel.softmax(measureScores, tm);
        double[] ps = LinearModel.softmax(stageScores, ts);
        double[] pa = LinearModel.softmax(actorScores, ta);
        int m = argmax(pm);
        int s = argmax(ps);
        int a = argmax(pa);
        return new LearnedModel.Prediction(Measure.valueOf(measures.get(m)), pm[m], Stage.valueOf(stages.get(s)), ps[s],
                actors.get(a), pa[a]);
    }

    /** Jurisdictions that act in at least {@link #MIN_ACTOR_ITEMS} labelled items, then "-" and "other", in a fixed order. */
    static List<String> actorClasses(List<Example> withMeasure) {
        Map<String, Integer> counts = new TreeMap<>();
        withMeasure.forEach(e -> {
            if (e.item().label().actor() != null) {
                counts.merge(e.item().label().actor(), 1, Integer::sum);
            }
        });
        List<String> classes = new ArrayList<>();
        counts.forEach((code, n) -> {
            if (n >= MIN_ACTOR_ITEMS) {
                classes.add(code);
            }
        });
        classes.add(LearnedModel.NO_ACTOR);
        classes.add(LearnedModel.OTHER_ACTOR);
        return classes;
    }

    static String actorClass(List<String> classes, String actor) {
        return actor == null ? LearnedModel.NO_ACTOR : classes.contains(actor) ? actor : LearnedModel.OTHER_ACTOR;
    }

    static final int MIN_ACTOR_ITEMS = 3;

    /** The softmax temperature that minimises the dev split's log loss (a grid on a log scale: no randomness). */
    static double temperature(LinearModel model, List<Example> dev, Function<Example, String> label) {
        return temperature(model.classes(), dev.stream().map(e -> model.scores(e.x())).toList(), dev, label);
    }

    static double temperature(List<String> classes, List<double[]> scores, List<Example> dev, Function<Example, String> label) {
        if (dev.isEmpty() || classes.size() == 1) {
            return 1.0;
        }
        double best = 1.0;
        double bestLoss = Double.MAX_VALUE;
        for (int step = -30; step <= 30; step++) {
            double t = Math.pow(10, step / 30.0);   // 0.1 .. 10
            double loss = 0;
            for (int i = 0; i < dev.size(); i++) {
                double[] p = LinearModel.softmax(scores.get(i), t);
                int gold = classes.indexOf(label.apply(dev.get(i)));
                loss -= Math.log(Math.max(1e-12, gold < 0 ? 1e-12 : p[gold]));
            }
            if (loss < bestLoss - 1e-9) {
                bestLoss = loss;
                best = t;
            }
        }
        return best;
    }

    /**
     * Where the model decides: for each way the rules reached their measure, then their stage, the threshold that gets
     * the most held-out items right (measure, stage, and indicator or not), the higher threshold on a tie, so that the rules
     * keep what the model does not measurably do better. Two rounds of coordinate ascent.
     */
    CombinationPolicy policy(List<Example> dev, List<LearnedModel.Prediction> predictions) {
        Map<String, Double> measure = new TreeMap<>();
        Map<String, Double> stage = new TreeMap<>();
        Map<String, Double> actor = new TreeMap<>();
        measure.putAll(CombinationPolicy.every(RuleSignals.MEASURE_CUES, CombinationPolicy.NEVER));
        stage.putAll(CombinationPolicy.every(RuleSignals.STAGE_CUES, CombinationPolicy.NEVER));
        actor.putAll(CombinationPolicy.every(RuleSignals.ACTOR_CUES, CombinationPolicy.NEVER));
        for (int round = 0; round < 2; round++) {
            for (String cue : List.copyOf(measure.keySet())) {
                measure.put(cue, bestThreshold(dev, predictions, measure, stage, actor, measure, cue, 0));
            }
            for (String cue : List.copyOf(stage.keySet())) {
                double floor = cue.startsWith(RuleSignals.EASING_TITLE + "@") ? EASING_TITLE_FLOOR
                        : cue.startsWith("title@") ? TITLE_STAGE_FLOOR : 0;
                stage.put(cue, bestThreshold(dev, predictions, measure, stage, actor, stage, cue, floor));
            }
            for (String cue : List.copyOf(actor.keySet())) {
                actor.put(cue, bestThreshold(dev, predictions, measure, stage, actor, actor, cue, 0));
            }
        }
        return new CombinationPolicy(measure, stage, actor);
    }

    private double bestThreshold(List<Example> dev, List<LearnedModel.Prediction> predictions, Map<String, Double> measure,
                                 Map<String, Double> stage, Map<String, Double> actor, Map<String, Double> tuned, String cue,
                                 double floor) {
        double best = CombinationPolicy.NEVER;
        int bestScore = Integer.MIN_VALUE;
        for (int i = THRESHOLDS.length - 1; i >= 0 && THRESHOLDS[i] >= floor; i--) {
            tuned.put(cue, THRESHOLDS[i]);
            int score = score(dev, predictions, new CombinationPolicy(measure, stage, actor));
            if (score > bestScore) {
                bestScore = score;
                best = THRESHOLDS[i];
            }
        }
        return best;
    }

    private int score(List<Example> dev, List<LearnedModel.Prediction> predictions, CombinationPolicy policy) {
        int score = 0;
        for (int i = 0; i < dev.size(); i++) {
            Example e = dev.get(i);
            Classification c = LearnedModel.combine(e.rules(), predictions.get(i), policy, "", rules::severity);
            CorpusItem.Label gold = e.item().label();
            score += c.measure() == gold.measure() ? 1 : 0;
            score += Objects.equals(c.stage(), gold.stage()) ? 1 : 0;
            boolean indicator = c.measure() != Measure.NONE && c.stage() != null && c.stage().isPressure();
            score += indicator == gold.isIndicator() ? 1 : 0;
            score += gold.measure() != Measure.NONE && Objects.equals(c.actor(), gold.actor()) ? 1 : 0;
        }
        return score;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
