package chokepoint.streams.cli;

import chokepoint.streams.corpus.Corpus;
import chokepoint.streams.corpus.CorpusItem;
import chokepoint.streams.corpus.CorpusValidator;
import chokepoint.streams.corpus.Split;
import chokepoint.streams.corpus.Splits;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./chokepoint corpus validate} and {@code ./chokepoint corpus split [--freeze]}: checks the labelled corpus,
 * shows its split per family and language, and freezes the split once.
 */
public final class CorpusCommand {

    private CorpusCommand() {
    }

    /** @return 0 when valid, 1 with every problem listed otherwise */
    public static int validate(Path root, PrintStream out, PrintStream err) {
        Corpus corpus = Corpus.load(root);
        Splits splits = Splits.read(root);
        List<String> problems = CorpusValidator.problems(corpus, splits);
        problems.forEach(err::println);
        out.printf("%d items in %s, split %s: %s%n", corpus.items().size(), root,
                splits.frozen() ? "frozen (" + splits.testIds().size() + " test ids)" : "not frozen yet",
                problems.isEmpty() ? "valid" : problems.size() + " problems");
        return problems.isEmpty() ? 0 : 1;
    }

    /** Prints the split per family and language; with {@code freeze}, writes it once. */
    public static int split(Path root, boolean freeze, PrintStream out, PrintStream err) {
        Corpus corpus = Corpus.load(root);
        List<String> problems = CorpusValidator.problems(corpus, Splits.read(root));
        if (freeze && !problems.isEmpty()) {
            problems.forEach(err::println);
            err.println("corpus split: fix the corpus before freezing its split (" + problems.size() + " problems)");
            return 1;
        }
        Splits splits = Splits.read(root);
        if (freeze) {
            try {
                splits = Splits.freeze(corpus);
            } catch (IllegalStateException e) {
                err.println("corpus split: " + e.getMessage());
                return 1;
            } catch (IOException e) {
                err.println("corpus split: cannot write " + root.resolve("splits") + ": " + e.getMessage());
                return 1;
            }
            out.printf("frozen: %d test ids, sha256 %s%n", splits.testIds().size(), splits.recordedHash());
        } else {
            out.println(splits.frozen() ? "the split is frozen (" + Splits.TEST_IDS + ")"
                    : "the split is not frozen yet; as it would be frozen now (./chokepoint corpus split --freeze):");
        }
        Map<String, Split> assigned = splits.assign(corpus);
        table(out, "family", corpus.items(), CorpusItem::family, assigned);
        table(out, "lang", corpus.items(), CorpusItem::lang, assigned);
        return 0;
    }

    private static void table(PrintStream out, String by, List<CorpusItem> items,
                              java.util.function.Function<CorpusItem, String> key, Map<String, Split> assigned) {
        Map<String, int[]> counts = new TreeMap<>();
        for (CorpusItem item : items) {
            counts.computeIfAbsent(String.valueOf(key.apply(item)), k -> new int[3])[assigned.get(item.id()).ordinal()]++;
        }
        out.printf("%n%-16s %7s %7s %7s %7s%n", by, "train", "dev", "test", "all");
        int[] total = new int[3];
        counts.forEach((name, c) -> {
            out.printf("%-16s %7d %7d %7d %7d%n", name, c[0], c[1], c[2], c[0] + c[1] + c[2]);
            for (int k = 0; k < 3; k++) {
                total[k] += c[k];
            }
        });
        out.printf("%-16s %7d %7d %7d %7d%n", "all", total[0], total[1], total[2], total[0] + total[1] + total[2]);
    }
}
