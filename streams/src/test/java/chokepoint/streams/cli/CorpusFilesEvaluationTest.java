package chokepoint.streams.cli;

import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.streams.corpus.Corpus;
import chokepoint.streams.corpus.CorpusItem;
import chokepoint.streams.corpus.Split;
import chokepoint.streams.corpus.Splits;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code evaluate --files GLOB}: a gathering of the project's own corpus scored whole, across the splits it fell in,
 * so that new items can be read by the shipped classifier before training learns from them.
 */
class CorpusFilesEvaluationTest {

    private static final Path CORPUS = Path.of("..", "corpus");
    private final Classifier rulesAlone = new Classifier(RuleSet.bundled(), Clock.systemUTC());

    @Test
    void aFileNameGlobScoresEveryItemOfTheMatchingFilesWhateverTheirSplit() {
        Corpus corpus = Corpus.load(CORPUS);
        List<CorpusItem> expected = corpus.items().stream()
                .filter(i -> Path.of(i.file()).getFileName().toString().startsWith("round7-cn-"))
                .filter(i -> i.label() != null && i.label().measure() != null).toList();
        Map<String, Split> splits = Splits.read(CORPUS).assign(corpus);
        Set<Split> fellIn = expected.stream().map(i -> splits.get(i.id())).collect(Collectors.toSet());
        assertTrue(fellIn.size() > 1, "the files span more than one split: " + fellIn);

        String report = run("round7-cn-*");
        long files = expected.stream().map(CorpusItem::file).distinct().count();
        assertTrue(report.startsWith("files 'round7-cn-*' of ../corpus: " + expected.size() + " items in " + files
                + " files"), report);
        assertTrue(report.contains("rules " + RuleSet.bundled().version() + ", model none (rules alone)"), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("all ") && l.contains(" " + expected.size() + " ")), report);
    }

    @Test
    void aGlobWithASlashMatchesThePathUnderTheCorpus() {
        long news = Corpus.load(CORPUS).items().stream()
                .filter(i -> i.file().startsWith("items/news/round7-cn-")).count();
        String report = run("items/news/round7-cn-*.jsonl");
        assertTrue(report.startsWith("files 'items/news/round7-cn-*.jsonl' of ../corpus: " + news + " items in 2 files"),
                report);
    }

    @Test
    void aGlobThatMatchesNothingIsAClearErrorNotAnEmptyReport() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CorpusEvaluation.runFiles(CORPUS, "round99-*", rulesAlone, false, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no labelled items in the files of ../corpus that match "
                + "'round99-*'"), err.toString(StandardCharsets.UTF_8));
    }

    private String run(String glob) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CorpusEvaluation.runFiles(CORPUS, glob, rulesAlone, false, false,
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        return out.toString(StandardCharsets.UTF_8);
    }
}
