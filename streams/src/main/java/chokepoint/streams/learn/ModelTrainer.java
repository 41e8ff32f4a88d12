package chokepoint.streams.learn;

import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.streams.classify.Classification;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.corpus.CorpusItem;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Fits the learned layer: logistic regression ({@link HeadFit}: liblinear's primal solver, which draws no random
 * numbers, so the same corpus gives the same file) for the measure on every item, for the stage and the actor on items
 * with a measure. The regularisation is chosen on dev (fitted on train); the temperatures and where the model decides
 * ({@link PolicySearch}) on held-out predictions over train and dev, in {@link #FOLDS} folds; last, the shipped weights
 * are fitted on train and dev together. The fits run on {@link #threads(int)} threads ({@link Fits}); the test split is
 * never read here.
 */
public final class ModelTrainer {

    static final double[] C_GRID = {8, 32};
    private static final Function<Example, String> MEASURE_OF = e -> e.item().label().measure().name();
    private static final Function<Example, String> STAGE_OF = e -> e.item().label().stage().name();

    /** An item as the trainer sees it: its gold label, what the rules said, and its features. */
    record Example(CorpusItem item, Classification rules, TextFeatures.Vector x, TextFeatures.Vector stageOnly,
                   TextFeatures.Vector actorOnly) {
        /** What the stage head reads: the shared features and its own. */
        TextFeatures.Vector stageX() {
            return TextFeatures.concat(x, stageOnly);
        }

        /** What the actor head reads: the shared features and its own. */
        TextFeatures.Vector actorX() {
            return TextFeatures.concat(x, actorOnly);
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

        /** Features the actor head alone reads (none by default). */
        default TextFeatures.Vector actorFeatures(CorpusItem item, Classification rules) {
            return TextFeatures.EMPTY;
        }

        /** Features the stage head alone reads (none by default). */
        default TextFeatures.Vector stageFeatures(CorpusItem item, Classification rules) {
            return TextFeatures.EMPTY;
        }
    }

    private final Classifier rules;
    private final Featurizer featurizer;
    private boolean refit = true;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Consumer<String> progress = step -> { };
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

            @Override
            public TextFeatures.Vector actorFeatures(CorpusItem item, Classification byRules) {
                return TextFeatures.forActor(item.title(), item.text(), item.jurisdiction(), byRules);
            }
        });
    }

    public ModelTrainer(Classifier rules, Featurizer featurizer) {
        this.rules = rules.withModel(null);
        this.featurizer = featurizer;
    }

    /** Whether the shipped weights are fitted again on train and dev once settings are chosen (default: yes). */
    public ModelTrainer refit(boolean again) {
        this.refit = again;
        return this;
    }

    /** How many heads are fitted at once (default: one per processor); the file is the same for any number. */
    public ModelTrainer threads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + count);
        }
        this.threads = count;
        return this;
    }

    /** Where training reports each step as it ends (nowhere by default). */
    public ModelTrainer progress(Consumer<String> steps) {
        this.progress = Objects.requireNonNull(steps);
        return this;
    }

    public Report report() {
        return report;
    }

    public LearnedModel train(List<CorpusItem> train, List<CorpusItem> dev, String versionBase) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "train");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return train(train, dev, versionBase, new Fits(pool));
        } finally {
            pool.shutdownNow();
        }
    }

    private LearnedModel train(List<CorpusItem> train, List<CorpusItem> dev, String versionBase, Fits fits) {
        long started = System.nanoTime();
        List<Example> trainExamples = fits.map(train, this::example);
        List<Example> devExamples = fits.map(dev, this::example);
        progress.accept(String.format("read %,d items by the rules and their features in %.0f s", train.size() + dev.size(),
                (System.nanoTime() - started) / 1e9));
        List<String> measures = classes(trainExamples, MEASURE_OF);
        List<Example> trainWithMeasure = withMeasure(trainExamples);
        List<Example> devWithMeasure = withMeasure(devExamples);
        List<String> stages = classes(trainWithMeasure, STAGE_OF);
        List<Example> all = new ArrayList<>(trainExamples);
        all.addAll(devExamples);
        List<Example> allWithMeasure = withMeasure(all);
        List<String> actors = actorClasses(allWithMeasure);
        Function<Example, String> actorOf = e -> actorClass(actors, e.item().label().actor());

        CompletableFuture<Fitted> measureGrid = fits.async(() -> bestC(trainExamples, devExamples, measures, MEASURE_OF,
                Example::x));
        CompletableFuture<Fitted> stageGrid = fits.async(() -> bestC(trainWithMeasure, devWithMeasure, stages, STAGE_OF,
                Example::stageX));
        double stageC = Fits.join(stageGrid).c();
        // The actor head takes the stage head's regularisation (both learn from the items with a measure): one grid less.
        double actorC = stageC;
        LinearModel measure;
        LinearModel stage;
        LinearModel actor;
        CombinationPolicy policy;
        if (refit && !devExamples.isEmpty()) {
            // The regularisation chosen on dev, the rest is measured on held-out predictions for every labelled item
            // outside test: each of FOLDS parts of train and dev predicted by a model fitted on the other parts, from
            // zero (a start that had seen the part would carry it into the prediction). The temperature and where the
            // model decides rest on all of them (a few hundred dev items would leave most rule cues with a handful of
            // cases), and the shipped weights learn from train and dev together, starting from the first fold's.
            // The largest fits (the actor head, one class against the rest for each of its classes) are queued first
            // so that the threads finish together.
            List<CompletableFuture<LinearModel>> foldActor = new ArrayList<>();
            List<CompletableFuture<LinearModel>> foldStage = new ArrayList<>();
            List<CompletableFuture<LinearModel>> foldMeasure = new ArrayList<>();
            boolean byFile = foldsByFile(all);
            List<List<Example>> rest = new ArrayList<>();
            for (int fold = 0; fold < FOLDS; fold++) {
                final int f = fold;
                rest.add(all.stream().filter(e -> fold(e, byFile) != f).toList());
            }
            List<List<Example>> restWithMeasure = rest.stream().map(ModelTrainer::withMeasure).toList();
            for (int fold = 0; fold < FOLDS; fold++) {
                foldActor.add(fits.fit(restWithMeasure.get(fold), actors, actorOf, actorC, Example::actorX));
            }
            for (int fold = 0; fold < FOLDS; fold++) {
                foldStage.add(fits.fit(restWithMeasure.get(fold), stages, STAGE_OF, stageC, Example::stageX));
            }
            CompletableFuture<LinearModel> finalActor = fits.fitFrom(foldActor.get(0), allWithMeasure, actors, actorOf,
                    actorC, Example::actorX);
            CompletableFuture<LinearModel> finalStage = fits.fitFrom(foldStage.get(0), allWithMeasure, stages, STAGE_OF,
                    stageC, Example::stageX);
            double measureC = Fits.join(measureGrid).c();
            for (int fold = 0; fold < FOLDS; fold++) {
                foldMeasure.add(fits.fit(rest.get(fold), measures, MEASURE_OF, measureC, Example::x));
            }
            CompletableFuture<LinearModel> finalMeasure = fits.fitFrom(foldMeasure.get(0), all, measures, MEASURE_OF,
                    measureC, Example::x);
            progress.accept(String.format("regularisation chosen on dev (measure C %.0f, stage and actor C %.0f) at %.0f s",
                    measureC, stageC, (System.nanoTime() - started) / 1e9));
            List<Example> heldOut = new ArrayList<>();
            List<double[]> measureScores = new ArrayList<>();
            List<double[]> stageScores = new ArrayList<>();
            List<double[]> actorScores = new ArrayList<>();
            for (int fold = 0; fold < FOLDS; fold++) {
                final int f = fold;
                LinearModel m = Fits.join(foldMeasure.get(fold));
                LinearModel st = Fits.join(foldStage.get(fold));
                LinearModel ac = Fits.join(foldActor.get(fold));
                for (Example e : all.stream().filter(e -> fold(e, byFile) == f).toList()) {
                    heldOut.add(e);
                    measureScores.add(m.scores(e.x()));
                    stageScores.add(st.scores(e.stageX()));
                    actorScores.add(ac.scores(e.actorX()));
                }
            }
            progress.accept(String.format("held-out predictions of %d folds (by %s) at %.0f s", FOLDS, byFile ? "file" : "item",
                    (System.nanoTime() - started) / 1e9));
            Calibration calibration = calibrate(heldOut, measures, stages, actors, measureScores, stageScores, actorScores,
                    actorOf);
            policy = calibration.policy();
            progress.accept(String.format("where the model decides chosen at %.0f s", (System.nanoTime() - started) / 1e9));
            measure = Fits.join(finalMeasure).withTemperature(calibration.measure());
            stage = Fits.join(finalStage).withTemperature(calibration.stage());
            actor = Fits.join(finalActor).withTemperature(calibration.actor());
        } else {
            measure = Fits.join(measureGrid).model();
            measure = measure.withTemperature(temperature(measure, devExamples, MEASURE_OF));
            LinearModel stageFitted = Fits.join(stageGrid).model();
            stage = stageFitted.withTemperature(temperature(stageFitted.classes(), devWithMeasure.stream()
                    .map(e -> stageFitted.scores(e.stageX())).toList(), devWithMeasure, STAGE_OF));
            LinearModel actorFitted = fit(trainWithMeasure, actors, actorOf, actorC, Example::actorX, null);
            actor = actorFitted.withTemperature(temperature(actors, devWithMeasure.stream()
                    .map(e -> actorFitted.scores(e.actorX())).toList(), devWithMeasure, actorOf));
            LearnedModel unversioned = new LearnedModel(versionBase, measure, stage, actor, CombinationPolicy.rulesAlone());
            policy = new PolicySearch(rules).policy(devExamples, devExamples.stream()
                    .map(e -> unversioned.predict(e.x(), e.stageOnly(), e.actorOnly())).toList());
        }
        LearnedModel model = new LearnedModel(versionBase, measure, stage, actor, policy);
        // The version names what the model is, not when it was made: the same corpus gives the same version.
        String version = versionBase + "+" + digest(model.bytes()).substring(0, 8);
        report = new Report(Fits.join(measureGrid).c(), stageC, actorC, actors.size(), measure.temperature(),
                stage.temperature(), measure.features(), stage.features(), train.size(), dev.size(), refit);
        return new LearnedModel(version, measure, stage, actor, policy);
    }

    /** The heads' temperatures and where the model decides, as measured on the held-out predictions. */
    private record Calibration(double measure, double stage, double actor, CombinationPolicy policy) {
    }

    private Calibration calibrate(List<Example> heldOut, List<String> measures, List<String> stages, List<String> actors,
                                  List<double[]> measureScores, List<double[]> stageScores, List<double[]> actorScores,
                                  Function<Example, String> actorOf) {
        double tm = temperature(measures, measureScores, heldOut, MEASURE_OF);
        List<Integer> withStage = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i++) {
            if (heldOut.get(i).item().label().measure() != Measure.NONE && heldOut.get(i).item().label().stage() != null) {
                withStage.add(i);
            }
        }
        double ts = temperature(stages, withStage.stream().map(stageScores::get).toList(),
                withStage.stream().map(heldOut::get).toList(), STAGE_OF);
        double ta = temperature(actors, withStage.stream().map(actorScores::get).toList(),
                withStage.stream().map(heldOut::get).toList(), actorOf);
        List<LearnedModel.Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i++) {
            predictions.add(prediction(measures, stages, actors, measureScores.get(i), stageScores.get(i),
                    actorScores.get(i), tm, ts, ta));
        }
        return new Calibration(tm, ts, ta, new PolicySearch(rules).policy(heldOut, predictions));
    }

    List<Example> examples(List<CorpusItem> items) {
        return items.stream().map(this::example).toList();
    }

    private Example example(CorpusItem item) {
        Classification byRules = rules.classifyByRules(item.title(), item.text(), item.jurisdiction());
        return new Example(item, byRules, featurizer.features(item, byRules), featurizer.stageFeatures(item, byRules),
                featurizer.actorFeatures(item, byRules));
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

    /**
     * The regularisation that gets the most dev items right (the smaller on a tie), and its model. Each C of the grid is
     * fitted from the weights of the one before, the way liblinear walks a regularisation path: most of the iterations
     * from zero are spent reaching what the smaller C already found.
     */
    private static Fitted bestC(List<Example> train, List<Example> dev, List<String> classes,
                                Function<Example, String> label, Function<Example, TextFeatures.Vector> features) {
        if (dev.isEmpty()) {
            return new Fitted(C_GRID[1], fit(train, classes, label, C_GRID[1], features, null));
        }
        Fitted best = null;
        int bestRight = -1;
        LinearModel previous = null;
        for (double c : C_GRID) {
            LinearModel model = fit(train, classes, label, c, features, previous);
            previous = model;
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

    /** @param start the weights the solver starts from (null: zero) */
    static LinearModel fit(List<Example> examples, List<String> classes, Function<Example, String> label, double c,
                           Function<Example, TextFeatures.Vector> features, LinearModel start) {
        int[] y = examples.stream().mapToInt(e -> classes.indexOf(label.apply(e))).toArray();
        return HeadFit.fit(examples.stream().map(features).toList(), y, classes, c, start);
    }

    static final int FOLDS = 3;

    /**
     * Whether the folds can follow the files: when every fold, by file, holds items and leaves items to learn from, and
     * no fold holds more than half of them.
     */
    static boolean foldsByFile(List<Example> all) {
        int[] sizes = new int[FOLDS];
        all.forEach(e -> sizes[fold(e, true)]++);
        return java.util.Arrays.stream(sizes).allMatch(n -> n > 0 && n <= all.size() / 2);
    }

    /**
     * A fixed fold of an item, by a hash of the corpus file it came from (of its id when it has none): the same on
     * every run. The items of one file come from one source and gatherer and often share a template (Federal Register
     * titles of one agency, one archive's headlines); predicted by a model that learned from their siblings they
     * looked surer than text from a new source is, and the temperatures fitted on them said so (round 21 read by a
     * model fitted on rounds 1-20: stated 0.69, right 0.54 with folds by item, 0.64 with folds by file). A corpus of
     * few files (a test's) is folded by item: see {@link #foldsByFile}.
     */
    static int fold(Example e, boolean byFile) {
        String key = byFile && e.item().file() != null ? e.item().file() : e.item().id();
        return Math.floorMod(digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hashCode(), FOLDS);
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
