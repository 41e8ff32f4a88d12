package chokepoint.deploy;

import chokepoint.streams.cli.CorpusCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./chokepoint corpus validate | split [--freeze]}: the labelled corpus in {@code corpus/} (corpus/README.md). */
@Command(name = "corpus", description = "The labelled corpus (corpus/README.md): validate it, show or freeze its split.",
        subcommands = {CorpusCli.Validate.class, CorpusCli.SplitCommand.class})
final class CorpusCli implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code --corpus DIR}, shared by the commands that read the corpus. */
    static final class CorpusOption {
        @Option(names = "--corpus", paramLabel = "DIR", defaultValue = "corpus",
                description = "the corpus folder (default: ./corpus)")
        Path dir;
    }

    /** {@code --model FILE} or {@code --no-model}: which learned model runs beside the rules. */
    static final class ModelOption {
        @Option(names = "--model", paramLabel = "FILE", description = "a model file instead of the bundled one")
        Path file;

        @Option(names = "--no-model", description = "the rules alone, without the learned layer")
        boolean none;

        chokepoint.streams.learn.LearnedModel load() {
            return none ? null : file != null ? chokepoint.streams.learn.LearnedModel.load(file)
                    : chokepoint.streams.learn.LearnedModel.bundled();
        }
    }

    @Command(name = "train", description = "Fit the learned layer on the corpus's train split (settings and where it "
            + "decides chosen on dev) and write the model file; the same corpus gives the same file.")
    static final class Train implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        CorpusOption corpus;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write the model (default: "
                + "streams/src/main/resources/chokepoint/classifier/model.bin, the one the next build ships)")
        Path output;

        @Option(names = "--rules", paramLabel = "FILE", description = "a rule file instead of the bundled one")
        Path rules;

        @Option(names = "--threads", paramLabel = "N", description = "heads fitted at once (default: one per processor, "
                + "${DEFAULT-VALUE}); the file is the same for any number")
        int threads = Runtime.getRuntime().availableProcessors();

        @Override
        public Integer call() {
            if (threads < 1) {
                System.err.println("train: --threads must be at least 1, not " + threads);
                return 2;
            }
            chokepoint.streams.classify.RuleSet ruleSet = rules == null ? chokepoint.streams.classify.RuleSet.bundled()
                    : chokepoint.streams.classify.RuleSet.load(rules);
            return chokepoint.streams.cli.TrainCommand.run(corpus.dir,
                    output != null ? output : chokepoint.streams.cli.TrainCommand.SHIPPED,
                    new chokepoint.streams.classify.Classifier(ruleSet, java.time.Clock.systemUTC()), threads, System.out,
                    System.err);
        }
    }

    @Command(name = "validate", description = "Check every item (format, provenance, licence, labels, unique ids) and "
            + "the frozen split (test list unchanged, no test item elsewhere).")
    static final class Validate implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        CorpusOption corpus;

        @Override
        public Integer call() {
            return CorpusCommand.validate(corpus.dir, System.out, System.err);
        }
    }

    @Command(name = "split", description = "Show the train/dev/test split per family and language (by family and time: "
            + "the newest 20% of each family test, the next 15% dev); --freeze writes it once to corpus/splits/.")
    static final class SplitCommand implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        CorpusOption corpus;

        @Option(names = "--freeze", description = "write splits/test.ids, dev.ids, train.ids and test.sha256 (once)")
        boolean freeze;

        @Override
        public Integer call() {
            return CorpusCommand.split(corpus.dir, freeze, System.out, System.err);
        }
    }
}
