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
