package chokepoint.streams.cli;

import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.streams.classify.Classification;
import chokepoint.streams.corpus.CorpusItem;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The figures of a classifier on labelled corpus items: indicator precision, recall and F1; on the items that have a
 * measure, how often the measure, the stage and the actor are right; the same per family and per language; and the
 * confusion of stages.
 */
public final class Scorecard {

    /** One item and what was said about it. */
    public record Scored(CorpusItem item, Classification predicted) {
    }

    /** The figures of one group of items. */
    public record Figures(int items, int withMeasure, double precision, double recall, double f1, double measure,
                          double stage, double actor, boolean anyIndicator, int falseAlarms) {
    }

    private Scorecard() {
    }

    public static Figures figures(List<Scored> scored) {
        EvaluateCommand.Counts indicator = new EvaluateCommand.Counts();
        int withMeasure = 0;
        int measureRight = 0;
        int stageRight = 0;
        int actorRight = 0;
        for (Scored s : scored) {
            CorpusItem.Label gold = s.item().label();
            Classification p = s.predicted();
            indicator.add(gold.isIndicator(), isIndicator(p));
            if (gold.measure() != Measure.NONE) {
                withMeasure++;
                measureRight += p.measure() == gold.measure() ? 1 : 0;
                stageRight += p.stage() == gold.stage() ? 1 : 0;
                actorRight += Objects.equals(p.actor(), gold.actor()) ? 1 : 0;
            }
        }
        return new Figures(scored.size(), withMeasure, indicator.precision(), indicator.recall(), indicator.f1(),
                ratio(measureRight, withMeasure), ratio(stageRight, withMeasure), ratio(actorRight, withMeasure),
                indicator.support() + indicator.falsePositive > 0, indicator.falsePositive);
    }

    static boolean isIndicator(Classification p) {
        return p.measure() != Measure.NONE && p.stage() != null && p.stage().isPressure();
    }

    public static Map<String, Figures> by(List<Scored> scored, Function<CorpusItem, String> key) {
        Map<String, List<Scored>> groups = new TreeMap<>();
        scored.forEach(s -> groups.computeIfAbsent(String.valueOf(key.apply(s.item())), k -> new ArrayList<>()).add(s));
        Map<String, Figures> figures = new TreeMap<>();
        groups.forEach((k, v) -> figures.put(k, figures(v)));
        return figures;
    }

    public static void print(List<Scored> scored, PrintStream out) {
        Figures all = figures(scored);
        out.printf("%-18s %6s %6s %6s %6s %6s %6s %8s %6s %6s%n", "", "items", "P", "R", "F1", "false+", "with m", "measure",
                "stage", "actor");
        row(out, "all", all);
        out.println();
        out.println("per family");
        by(scored, CorpusItem::family).forEach((k, f) -> row(out, k, f));
        out.println();
        out.println("per language");
        by(scored, CorpusItem::lang).forEach((k, f) -> row(out, k, f));
        out.println();
        stageConfusion(scored, out);
    }

    static void row(PrintStream out, String name, Figures f) {
        boolean anyGold = f.anyIndicator() && !(f.recall() == 0 && f.precision() == 0 && f.falseAlarms() > 0 && f.withMeasure() == 0);
        out.printf("%-18s %6d %6s %6s %6s %6d %6d %8s %6s %6s%n", name, f.items(), anyGold ? fmt(f.precision()) : "-",
                anyGold ? fmt(f.recall()) : "-", anyGold ? fmt(f.f1()) : "-", f.falseAlarms(), f.withMeasure(),
                f.withMeasure() == 0 ? "-" : fmt(f.measure()), f.withMeasure() == 0 ? "-" : fmt(f.stage()),
                f.withMeasure() == 0 ? "-" : fmt(f.actor()));
    }

    /** Rows: the labelled stage, columns: the predicted one, the last of each "-" (no measure). */
    public static void stageConfusion(List<Scored> scored, PrintStream out) {
        int n = Stage.values().length + 1;   // the last row and column: no stage (measure NONE)
        int[][] confusion = new int[n][n];
        for (Scored s : scored) {
            Stage gold = s.item().label().stage();
            Stage predicted = s.predicted().stage();
            confusion[gold == null ? n - 1 : gold.ordinal()][predicted == null ? n - 1 : predicted.ordinal()]++;
        }
        out.println("stage confusion (rows: labelled, columns: predicted; '-' = no measure)");
        StringBuilder header = new StringBuilder(String.format("%-14s", ""));
        for (int c = 0; c < n; c++) {
            String name = c == n - 1 ? "-" : Stage.values()[c].name();
            header.append(String.format(" %6s", name.substring(0, Math.min(6, name.length()))));
        }
        out.println(header);
        for (int r = 0; r < n; r++) {
            StringBuilder line = new StringBuilder(String.format("%-14s", r == n - 1 ? "-" : Stage.values()[r].name()));
            for (int c = 0; c < n; c++) {
                line.append(String.format(" %6d", confusion[r][c]));
            }
            out.println(line);
        }
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
