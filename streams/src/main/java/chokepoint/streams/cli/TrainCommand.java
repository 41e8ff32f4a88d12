package chokepoint.streams.cli;

import chokepoint.streams.classify.Classifier;
import chokepoint.streams.corpus.Corpus;
import chokepoint.streams.corpus.CorpusValidator;
import chokepoint.streams.corpus.Split;
import chokepoint.streams.corpus.Splits;
import chokepoint.streams.learn.LearnedModel;
import chokepoint.streams.learn.ModelTrainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./chokepoint train}: fits the learned layer on the corpus's train split, chooses its settings and where it
 * decides on dev, and writes the model file (by default the one shipped in the jar). The same corpus gives the same
 * bytes.
 */
public final class TrainCommand {

    /** Where the shipped model lives in the source tree, from the project's root. */
    public static final Path SHIPPED = Path.of("streams", "src", "main", "resources", LearnedModel.RESOURCE);
    /** The model's name and series; training appends a digest of what was learned. */
    public static final String VERSION_BASE = "linear-2026.12";

    private TrainCommand() {
    }

    /** @param threads how many heads are fitted at once; the file is the same for any number */
    public static int run(Path corpusDir, Path output, Classifier rules, int threads, PrintStream out, PrintStream err) {
        Corpus corpus = Corpus.load(corpusDir);
        Splits splits = Splits.read(corpusDir);
        List<String> problems = CorpusValidator.problems(corpus, splits);
        if (!problems.isEmpty()) {
            problems.stream().limit(20).forEach(err::println);
            err.println("train: the corpus has " + problems.size() + " problems (./chokepoint corpus validate)");
            return 1;
        }
        long started = System.nanoTime();
        // Steps go to stderr as they end, so that a user watching a run of several minutes sees it move.
        ModelTrainer trainer = new ModelTrainer(rules).threads(threads).progress(step -> err.println("train: " + step));
        LearnedModel model = trainer.train(splits.of(corpus, Split.TRAIN), splits.of(corpus, Split.DEV), VERSION_BASE);
        byte[] bytes = model.bytes();
        try {
            if (output.getParent() != null) {
                Files.createDirectories(output.getParent());
            }
            Files.write(output, bytes);
        } catch (IOException e) {
            err.println("train: cannot write " + output + ": " + e.getMessage());
            return 1;
        }
        ModelTrainer.Report r = trainer.report();
        out.printf("model %s written to %s (%,d bytes) in %.1f s on %d threads%n", model.version(), output, bytes.length,
                (System.nanoTime() - started) / 1e9, threads);
        out.printf("settings chosen on %d items (dev) for a fit on %d (train); weights fitted on %s; split %s%n",
                r.devItems(), r.trainItems(), r.refit() ? "train and dev" : "train", splits.frozen() ? "frozen" : "not frozen yet");
        out.printf("measure: C %.1f, temperature %.2f, %,d features; stage: C %.1f, temperature %.2f, %,d features%n",
                r.measureC(), r.measureTemperature(), r.measureFeatures(), r.stageC(), r.stageTemperature(), r.stageFeatures());
        out.printf("actor: C %.1f, temperature %.2f, %d classes%n", r.actorC(), model.actorModel().temperature(),
                r.actorClasses());
        out.printf("where the model decides (probability at least; above 1 = never):%n  measure %s%n  stage %s%n  actor %s%n",
                new java.util.TreeMap<>(model.policy().measure()), new java.util.TreeMap<>(model.policy().stage()),
                new java.util.TreeMap<>(model.policy().actor()));
        out.printf("rules %s%n", rules.rulesetVersion());
        return 0;
    }
}
