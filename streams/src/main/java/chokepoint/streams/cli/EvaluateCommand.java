package chokepoint.streams.cli;

import chokepoint.records.Evidence;
import chokepoint.records.Json;
import chokepoint.records.JsonLines;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.streams.classify.Classification;
import chokepoint.streams.classify.Classifier;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code ./chokepoint evaluate FILE}: scores the classifier on labelled JSON Lines (the format of
 * {@code shared/corpora/eval/dev.jsonl}: an item plus {@code label: {measure, stage, actor, targets}}) and prints
 * precision, recall and F1 for "is an indicator", per measure and per stage, actor accuracy, and the measure
 * confusion matrix. {@code --errors} lists each misclassified item with the evidence the classifier used.
 */
public final class EvaluateCommand {

    /** One labelled item and what the classifier said. */
    record Scored(String id, String family, String title, String text, Label gold, Classification predicted) {
    }

    /** Source families, by the prefix of an item's id or its {@code family} or {@code source} field. */
    static final Map<String, String> FAMILIES = Map.ofEntries(
            Map.entry("fr", "Federal Register"), Map.entry("fr-eo", "executive orders"), Map.entry("gta", "Global Trade Alert"),
            Map.entry("reuters21578", "newswire"), Map.entry("newswire", "newswire"), Map.entry("plover", "event sentences"),
            Map.entry("news", "news RSS"), Map.entry("mofcom", "MOFCOM"), Map.entry("eu", "EU acts"), Map.entry("meti", "METI"),
            Map.entry("nl", "Rijksoverheid"));

    /**
     * The jurisdiction the pipeline gives items of an official family (the source's configured {@code jurisdiction}),
     * used when a labelled item names none, so that evaluation sees what the stream sees.
     */
    static final Map<String, String> PUBLISHERS = Map.of("fr", "US", "fr-eo", "US", "mofcom", "CN", "eu", "EU",
            "meti", "JP", "nl", "NL");

    static String jurisdiction(JsonNode node) {
        if (node.path("jurisdiction").isTextual()) {
            return node.path("jurisdiction").asText();
        }
        String named = node.path("source").asText("");
        if (named.isEmpty()) {
            String id = node.path("id").asText("");
            named = id.contains(":") ? id.substring(0, id.indexOf(':')) : "";
        }
        return PUBLISHERS.get(named);
    }

    static String family(JsonNode node) {
        String named = node.path("family").asText(node.path("source").asText(""));
        if (named.isEmpty()) {
            String id = node.path("id").asText("");
            named = id.contains(":") ? id.substring(0, id.indexOf(':')) : id.replaceAll("-.*$", "");
        }
        return FAMILIES.getOrDefault(named, named);
    }

    /**
     * Which half of a family an item falls in, the same on every run: {@code tune} for the items rules may be fitted on,
     * {@code report} for those that only measure them.
     */
    static String part(String id) {
        return (id.hashCode() & 1) == 0 ? "tune" : "report";
    }

    record Label(Measure measure, Stage stage, String actor) {
        boolean isIndicator() {
            return measure != Measure.NONE && stage != null && stage.isPressure();
        }
    }

    /** Counts for one yes/no question. */
    static final class Counts {
        int truePositive;
        int falsePositive;
        int falseNegative;

        void add(boolean gold, boolean predicted) {
            if (gold && predicted) {
                truePositive++;
            } else if (predicted) {
                falsePositive++;
            } else if (gold) {
                falseNegative++;
            }
        }

        double precision() {
            return truePositive + falsePositive == 0 ? 0 : (double) truePositive / (truePositive + falsePositive);
        }

        double recall() {
            return truePositive + falseNegative == 0 ? 0 : (double) truePositive / (truePositive + falseNegative);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        int support() {
            return truePositive + falseNegative;
        }
    }

    private final Classifier classifier;

    public EvaluateCommand(Classifier classifier) {
        this.classifier = classifier;
    }

    public int run(Path file, boolean listErrors, PrintStream out, PrintStream err) {
        return run(file, listErrors, null, out, err);
    }

    /** @param part {@code tune} or {@code report} to score one half of each family only (see {@link #part}), or null */
    public int run(Path file, boolean listErrors, String part, PrintStream out, PrintStream err) {
        Loaded loaded;
        try {
            loaded = load(file, part, err);
        } catch (IOException e) {
            err.println("evaluate: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        if (loaded.scored().isEmpty()) {
            err.println("evaluate: no labelled items in " + file);
            return 2;
        }
        report(loaded.scored(), loaded.skipped(), out);
        if (listErrors) {
            errors(loaded.scored(), out);
        }
        return 0;
    }

    record Loaded(List<Scored> scored, int skipped) {
    }

    /** Classifies every labelled item of a file (of one half when {@code part} is given); unreadable lines are counted. */
    Loaded load(Path file, String part, PrintStream err) throws IOException {
        List<Scored> scored = new ArrayList<>();
        int[] skipped = {0};
        JsonLines.read(file, (line, number) -> {
            try {
                Scored item = score(Json.MAPPER.readTree(line));
                if (part == null || part(item.id()).equals(part)) {
                    scored.add(item);
                }
            } catch (IOException | IllegalArgumentException | NullPointerException e) {
                err.println(file + ":" + number + ": skipped, not a labelled item (" + e.getMessage() + ")");
                skipped[0]++;
            }
        });
        return new Loaded(scored, skipped[0]);
    }

    Scored score(JsonNode node) {
        JsonNode label = node.get("label");
        Objects.requireNonNull(label, "no label");
        Label gold = new Label(Measure.valueOf(label.path("measure").asText()),
                label.path("stage").isNull() || label.path("stage").isMissingNode() ? null
                        : Stage.valueOf(label.path("stage").asText()),
                label.path("actor").isNull() ? null : label.path("actor").asText(null));
        String title = node.path("title").asText("");
        String text = node.path("text").asText("");
        return new Scored(node.path("id").asText(""), family(node), title, text, gold,
                classifier.classify(title, text, jurisdiction(node)));
    }

    static void report(List<Scored> scored, int skipped, PrintStream out) {
        Counts indicator = new Counts();
        Map<Measure, Counts> perMeasure = new EnumMap<>(Measure.class);
        Map<Stage, Counts> perStage = new EnumMap<>(Stage.class);
        int[][] confusion = new int[Measure.values().length][Measure.values().length];
        int withMeasure = 0;
        int measureRight = 0;
        int actorRight = 0;
        for (Scored s : scored) {
            Classification p = s.predicted();
            indicator.add(s.gold().isIndicator(), p.measure() != Measure.NONE && p.stage() != null && p.stage().isPressure());
            for (Measure m : Measure.values()) {
                perMeasure.computeIfAbsent(m, k -> new Counts()).add(s.gold().measure() == m, p.measure() == m);
            }
            for (Stage st : Stage.values()) {
                perStage.computeIfAbsent(st, k -> new Counts()).add(s.gold().stage() == st, p.stage() == st);
            }
            confusion[s.gold().measure().ordinal()][p.measure().ordinal()]++;
            if (s.gold().measure() != Measure.NONE) {
                withMeasure++;
                measureRight += p.measure() == s.gold().measure() ? 1 : 0;
                actorRight += Objects.equals(p.actor(), s.gold().actor()) ? 1 : 0;
            }
        }
        out.printf("items: %d (skipped %d), rule set %s%n%n", scored.size(), skipped,
                scored.get(0).predicted().rulesetVersion());
        out.printf("%-36s %9s %9s %9s %8s%n", "", "precision", "recall", "F1", "support");
        row(out, "indicator (yes/no)", indicator);
        out.println();
        for (Measure m : Measure.values()) {
            row(out, "measure " + m, perMeasure.get(m));
        }
        out.println();
        for (Stage st : Stage.values()) {
            row(out, "stage " + st, perStage.get(st));
        }
        out.println();
        out.printf("measure accuracy on items with a measure: %.3f (%d/%d)%n", ratio(measureRight, withMeasure),
                measureRight, withMeasure);
        out.printf("actor accuracy on items with a measure:   %.3f (%d/%d)%n%n", ratio(actorRight, withMeasure),
                actorRight, withMeasure);
        families(scored, out);
        out.println("confusion (rows: labelled measure, columns: predicted)");
        StringBuilder header = new StringBuilder(String.format("%-30s", ""));
        for (Measure m : Measure.values()) {
            header.append(String.format(" %5s", abbreviation(m)));
        }
        out.println(header);
        for (Measure gold : Measure.values()) {
            StringBuilder line = new StringBuilder(String.format("%-30s", gold));
            for (Measure predicted : Measure.values()) {
                line.append(String.format(" %5d", confusion[gold.ordinal()][predicted.ordinal()]));
            }
            out.println(line);
        }
    }

    /** One source family's figures: indicator F1 (null when it has no indicator and no false alarm), accuracies. */
    record FamilyScore(int items, Double indicatorF1, int withMeasure, double measureAccuracy, double actorAccuracy) {
    }

    /** Per source family: items, indicator F1, measure and actor accuracy on items with a measure. */
    static Map<String, FamilyScore> byFamily(List<Scored> scored) {
        Map<String, List<Scored>> byFamily = new java.util.TreeMap<>();
        scored.forEach(s -> byFamily.computeIfAbsent(s.family(), k -> new ArrayList<>()).add(s));
        Map<String, FamilyScore> scores = new java.util.TreeMap<>();
        byFamily.forEach((family, items) -> {
            Counts indicator = new Counts();
            int withMeasure = 0;
            int measureRight = 0;
            int actorRight = 0;
            for (Scored s : items) {
                Classification p = s.predicted();
                indicator.add(s.gold().isIndicator(), p.measure() != Measure.NONE && p.stage() != null && p.stage().isPressure());
                if (s.gold().measure() != Measure.NONE) {
                    withMeasure++;
                    measureRight += p.measure() == s.gold().measure() ? 1 : 0;
                    actorRight += Objects.equals(p.actor(), s.gold().actor()) ? 1 : 0;
                }
            }
            scores.put(family, new FamilyScore(items.size(),
                    indicator.support() + indicator.falsePositive == 0 ? null : indicator.f1(), withMeasure,
                    ratio(measureRight, withMeasure), ratio(actorRight, withMeasure)));
        });
        return scores;
    }

    private static void families(List<Scored> scored, PrintStream out) {
        Map<String, FamilyScore> scores = byFamily(scored);
        if (scores.size() < 2) {
            return;
        }
        out.printf("%-22s %6s %12s %10s %10s%n", "source family", "items", "indicator F1", "measure", "actor");
        scores.forEach((family, score) -> out.printf("%-22s %6d %12s %10s %10s%n", family, score.items(),
                score.indicatorF1() == null ? "-" : String.format("%.3f", score.indicatorF1()),
                score.withMeasure() == 0 ? "-" : String.format("%.3f", score.measureAccuracy()),
                score.withMeasure() == 0 ? "-" : String.format("%.3f", score.actorAccuracy())));
        out.println();
    }

    private static void errors(List<Scored> scored, PrintStream out) {
        out.println();
        out.println("misclassified items (labelled → predicted):");
        for (Scored s : scored) {
            Classification p = s.predicted();
            Label g = s.gold();
            if (g.measure() == p.measure() && g.stage() == p.stage() && Objects.equals(g.actor(), p.actor())) {
                continue;
            }
            out.printf("%n%s  %s/%s/%s → %s/%s/%s%n  title: %s%n", s.id(), g.measure(), g.stage(), g.actor(),
                    p.measure(), p.stage(), p.actor(), shorten(s.title(), 160));
            if (!s.text().isBlank()) {
                out.printf("  text:  %s%n", shorten(s.text(), 160));
            }
            out.printf("  evidence: %s%n", p.evidence().isEmpty() ? "(none)" : p.evidence().stream()
                    .map(EvaluateCommand::describe).collect(Collectors.joining("; ")));
        }
    }

    private static String describe(Evidence e) {
        return e.rule() + " ← \"" + e.matched() + "\" (" + e.field() + ")";
    }

    private static void row(PrintStream out, String name, Counts counts) {
        out.printf("%-36s %9.3f %9.3f %9.3f %8d%n", name, counts.precision(), counts.recall(), counts.f1(), counts.support());
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static String abbreviation(Measure m) {
        String[] words = m.name().split("_");
        return words.length == 1 ? m.name().substring(0, Math.min(5, m.name().length()))
                : java.util.Arrays.stream(words).map(w -> w.substring(0, Math.min(2, w.length()))).collect(Collectors.joining());
    }

    private static String shorten(String text, int max) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
