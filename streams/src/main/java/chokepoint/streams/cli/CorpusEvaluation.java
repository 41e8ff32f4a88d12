package chokepoint.streams.cli;

import chokepoint.streams.classify.Classification;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.corpus.Corpus;
import chokepoint.streams.corpus.CorpusItem;
import chokepoint.streams.corpus.Split;
import chokepoint.streams.corpus.Splits;
import chokepoint.streams.learn.CombinationPolicy;
import chokepoint.streams.learn.LearnedModel;

import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code ./chokepoint evaluate --split test|dev|train}: scores the classifier on one split of the corpus, per family
 * and per language, with the confusion of stages, and names the versions of rules and model it scored.
 * {@code --compare} sets the rules alone, the model alone and the shipped combination side by side; {@code --files}
 * scores the items of some corpus files instead of a split.
 */
public final class CorpusEvaluation {

    private CorpusEvaluation() {
    }

    public static int run(Path corpusDir, Split split, Classifier classifier, boolean compare, boolean errors,
                          PrintStream out, PrintStream err) {
        Corpus corpus = Corpus.load(corpusDir);
        Splits splits = Splits.read(corpusDir);
        List<CorpusItem> items = labelled(splits.of(corpus, split));
        if (items.isEmpty()) {
            err.println("evaluate: no items in the " + split.id() + " split of " + corpusDir);
            return 2;
        }
        out.printf("%s split of %s: %d items (split %s)%n", split.id(), corpusDir, items.size(),
                splits.frozen() ? "frozen" : "not frozen yet");
        return report(items, classifier, compare, errors, out);
    }

    /**
     * {@code --files GLOB}: every item of the corpus files whose name (or path under the corpus, when the glob holds a
     * '/') matches, whatever their split. A gathering scored this way before {@code train} learns from it is text the
     * shipped classifier has never seen: the nearest figure here to a hidden set.
     */
    public static int runFiles(Path corpusDir, String glob, Classifier classifier, boolean compare, boolean errors,
                               PrintStream out, PrintStream err) {
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            err.println("evaluate: --files: not a glob: " + e.getMessage());
            return 2;
        }
        boolean byPath = glob.contains("/");
        List<CorpusItem> items = labelled(Corpus.load(corpusDir).items().stream().filter(i -> {
            Path file = Path.of(i.file());
            return matcher.matches(byPath ? file : file.getFileName());
        }).toList());
        if (items.isEmpty()) {
            err.println("evaluate: no labelled items in the files of " + corpusDir + " that match '" + glob + "'");
            return 2;
        }
        long files = items.stream().map(CorpusItem::file).distinct().count();
        out.printf("files '%s' of %s: %d items in %d files, every split (a fresh reading only if the model was trained "
                + "before they were added)%n", glob, corpusDir, items.size(), files);
        return report(items, classifier, compare, errors, out);
    }

    private static List<CorpusItem> labelled(List<CorpusItem> items) {
        return items.stream().filter(i -> i.label() != null && i.label().measure() != null).toList();
    }

    private static int report(List<CorpusItem> items, Classifier classifier, boolean compare, boolean errors,
                              PrintStream out) {
        out.printf("rules %s, model %s%n%n", classifier.rulesetVersion(),
                classifier.modelVersion() == null ? "none (rules alone)" : classifier.modelVersion());
        List<Scorecard.Scored> scored = score(items, classifier::classify);
        Scorecard.print(scored, out);
        if (compare && classifier.learnedModel() != null) {
            compare(items, classifier, scored, out);
        }
        if (errors) {
            errors(scored, out);
        }
        return 0;
    }

    static List<Scorecard.Scored> score(List<CorpusItem> items, Classify classify) {
        List<Scorecard.Scored> scored = new ArrayList<>();
        for (CorpusItem item : items) {
            scored.add(new Scorecard.Scored(item, classify.apply(item.title(), item.text(), item.jurisdiction())));
        }
        return scored;
    }

    /** A classification function of title, text and publishing jurisdiction. */
    public interface Classify {
        Classification apply(String title, String text, String jurisdiction);
    }

    private static void compare(List<CorpusItem> items, Classifier classifier, List<Scorecard.Scored> shipped,
                                PrintStream out) {
        LearnedModel model = classifier.learnedModel();
        Map<String, List<Scorecard.Scored>> variants = new java.util.LinkedHashMap<>();
        variants.put("rules alone", score(items, classifier.withModel(null)::classify));
        variants.put("model alone", score(items, classifier.withModel(model.withPolicy(CombinationPolicy.modelAlone()))::classify));
        variants.put("rules + model", shipped);
        out.println();
        out.println("side by side (indicator F1 / measure / stage / actor)");
        List<String> families = new ArrayList<>(Scorecard.by(shipped, CorpusItem::family).keySet());
        List<String> langs = new ArrayList<>(Scorecard.by(shipped, CorpusItem::lang).keySet());
        out.printf("%-16s", "");
        variants.keySet().forEach(v -> out.printf(" %-27s", v));
        out.println();
        line(out, "all", variants, s -> Scorecard.figures(s));
        for (String f : families) {
            line(out, f, variants, s -> Scorecard.by(s, CorpusItem::family).get(f));
        }
        for (String l : langs) {
            line(out, "lang " + l, variants, s -> Scorecard.by(s, CorpusItem::lang).get(l));
        }
    }

    private static void line(PrintStream out, String name, Map<String, List<Scorecard.Scored>> variants,
                             Function<List<Scorecard.Scored>, Scorecard.Figures> figures) {
        out.printf("%-16s", name);
        for (List<Scorecard.Scored> scored : variants.values()) {
            Scorecard.Figures f = figures.apply(scored);
            out.printf(" %-27s", String.format("%s %s %s %s", f.anyIndicator() ? Scorecard.fmt(f.f1()) : "  -  ",
                    f.withMeasure() == 0 ? "  -  " : Scorecard.fmt(f.measure()),
                    f.withMeasure() == 0 ? "  -  " : Scorecard.fmt(f.stage()),
                    f.withMeasure() == 0 ? "  -  " : Scorecard.fmt(f.actor())));
        }
        out.println();
    }

    private static void errors(List<Scorecard.Scored> scored, PrintStream out) {
        out.println();
        out.println("misclassified items (labelled -> predicted):");
        for (Scorecard.Scored s : scored) {
            CorpusItem.Label g = s.item().label();
            Classification p = s.predicted();
            if (g.measure() == p.measure() && g.stage() == p.stage() && java.util.Objects.equals(g.actor(), p.actor())) {
                continue;
            }
            out.printf("%n%s [%s, %s]  %s/%s/%s -> %s/%s/%s%n  title: %s%n  evidence: %s%n", s.item().id(), s.item().family(),
                    s.item().lang(), g.measure(), g.stage(), g.actor(), p.measure(), p.stage(), p.actor(),
                    shorten(s.item().title()), p.evidence().stream().map(e -> e.rule() + " <- \"" + e.matched() + "\"")
                            .collect(Collectors.joining("; ")));
        }
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 160 ? flat : flat.substring(0, 159) + "…";
    }
}
