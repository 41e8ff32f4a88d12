package chokepoint.benchmarks;

import chokepoint.streams.classify.Classification;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.streams.cli.Scorecard;
import chokepoint.streams.corpus.Corpus;
import chokepoint.streams.corpus.CorpusItem;
import chokepoint.streams.corpus.Split;
import chokepoint.streams.corpus.Splits;
import chokepoint.streams.learn.CombinationPolicy;
import chokepoint.streams.learn.LearnedModel;
import chokepoint.streams.learn.ModelTrainer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The learned layer measured on the dev split without dev being seen: trained as {@code ./chokepoint train} trains, with
 * train standing for train and dev (its newest part per family standing for dev), then scored on dev: rules alone,
 * model alone and combined, per family and language. The test split is not read.
 *   benchmarks/run-model-dev [corpus dir] [file for the combined classifier's errors on dev]
 */
public final class ModelDevCheck {

    public static void main(String[] args) {
        Path corpusDir = Path.of(args.length > 0 ? args[0] : "corpus");
        Corpus corpus = Corpus.load(corpusDir);
        Splits splits = Splits.read(corpusDir);
        List<CorpusItem> train = splits.of(corpus, Split.TRAIN);
        List<CorpusItem> dev = splits.of(corpus, Split.DEV);
        List<List<CorpusItem>> parts = olderAndNewer(train, 0.15 / 0.80);
        Classifier rules = new Classifier(RuleSet.bundled(), Clock.systemUTC());
        long started = System.nanoTime();
        ModelTrainer trainer = new ModelTrainer(rules);
        LearnedModel model = trainer.train(parts.get(0), parts.get(1), "dev-check");
        System.out.printf("trained on %d + %d train items in %.1f s; %s%n", parts.get(0).size(), parts.get(1).size(),
                (System.nanoTime() - started) / 1e9, trainer.report());
        System.out.printf("policy measure %s%n       stage %s%n       actor %s%n", model.policy().measure(),
                model.policy().stage(), model.policy().actor());
        Map<String, List<Scorecard.Scored>> variants = new LinkedHashMap<>();
        variants.put("rules alone", score(dev, item -> rules.classifyByRules(item.title(), item.text(), item.jurisdiction())));
        variants.put("model alone", score(dev, item -> predict(rules, model, item, CombinationPolicy.modelAlone())));
        variants.put("rules + model", score(dev, item -> predict(rules, model, item, model.policy())));
        print("dev split, " + dev.size() + " items (indicator F1 / measure / stage / actor)", variants, dev);
        System.out.println();
        System.out.print("rules + model, ");
        Scorecard.stageConfusion(variants.get("rules + model"), System.out);
        String errors = args.length > 1 ? args[1] : null;
        if (errors != null) {
            try (java.io.PrintStream out = new java.io.PrintStream(errors, java.nio.charset.StandardCharsets.UTF_8)) {
                Scorecard.print(variants.get("rules + model"), out);
                for (Scorecard.Scored s : variants.get("rules + model")) {
                    CorpusItem.Label g = s.item().label();
                    Classification p = s.predicted();
                    if (g.measure() == p.measure() && g.stage() == p.stage() && java.util.Objects.equals(g.actor(), p.actor())) {
                        continue;
                    }
                    out.printf("%n%s [%s, %s]  %s/%s/%s -> %s/%s/%s%n  title: %s%n  text: %s%n  evidence: %s%n", s.item().id(),
                            s.item().family(), s.item().lang(), g.measure(), g.stage(), g.actor(), p.measure(), p.stage(),
                            p.actor(), s.item().title(), s.item().text() == null ? "" : s.item().text().substring(0,
                                    Math.min(300, s.item().text().length())).replaceAll("\\s+", " "),
                            p.evidence().stream().map(e -> e.rule() + " <- \"" + e.matched() + "\"")
                                    .collect(java.util.stream.Collectors.joining("; ")));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Per family, newest first: the first share of each family is the newer part. */
    static List<List<CorpusItem>> olderAndNewer(List<CorpusItem> items, double share) {
        Map<String, List<CorpusItem>> byFamily = new LinkedHashMap<>();
        items.forEach(i -> byFamily.computeIfAbsent(i.family(), f -> new ArrayList<>()).add(i));
        Set<String> newer = new HashSet<>();
        byFamily.values().forEach(family -> {
            List<CorpusItem> newestFirst = new ArrayList<>(family);
            newestFirst.sort(Comparator.comparing((CorpusItem i) -> String.valueOf(i.date())).reversed()
                    .thenComparing(i -> String.valueOf(i.id())));
            int n = (int) Math.round(newestFirst.size() * share);
            newestFirst.subList(0, n).forEach(i -> newer.add(i.id()));
        });
        return List.of(items.stream().filter(i -> !newer.contains(i.id())).toList(),
                items.stream().filter(i -> newer.contains(i.id())).toList());
    }

    private static Classification predict(Classifier rules, LearnedModel model, CorpusItem item, CombinationPolicy policy) {
        Classification byRules = rules.classifyByRules(item.title(), item.text(), item.jurisdiction());
        return LearnedModel.combine(byRules, model.predict(item.title(), item.text(), item.jurisdiction(), byRules), policy,
                model.version(), rules::severity);
    }

    private static List<Scorecard.Scored> score(List<CorpusItem> items, Function<CorpusItem, Classification> classify) {
        List<Scorecard.Scored> scored = new ArrayList<>();
        items.forEach(item -> scored.add(new Scorecard.Scored(item, classify.apply(item))));
        return scored;
    }

    private static void print(String heading, Map<String, List<Scorecard.Scored>> variants, List<CorpusItem> items) {
        System.out.println();
        System.out.println(heading);
        System.out.printf("%-18s", "");
        variants.keySet().forEach(v -> System.out.printf(" %-27s", v));
        System.out.println();
        List<String> rows = new ArrayList<>(List.of("all"));
        items.stream().map(CorpusItem::family).distinct().sorted().forEach(f -> rows.add("family " + f));
        items.stream().map(CorpusItem::lang).distinct().sorted().forEach(l -> rows.add("lang " + l));
        for (String row : rows) {
            Scorecard.Figures first = null;
            StringBuilder line = new StringBuilder();
            for (List<Scorecard.Scored> scored : variants.values()) {
                Scorecard.Figures f = row.equals("all") ? Scorecard.figures(scored)
                        : row.startsWith("family ") ? Scorecard.by(scored, CorpusItem::family).get(row.substring(7))
                        : Scorecard.by(scored, CorpusItem::lang).get(row.substring(5));
                first = first == null ? f : first;
                line.append(String.format(" %-27s", String.format("%s %s %s %s", f.anyIndicator() ? fmt(f.f1()) : "  -  ",
                        f.withMeasure() == 0 ? "  -  " : fmt(f.measure()), f.withMeasure() == 0 ? "  -  " : fmt(f.stage()),
                        f.withMeasure() == 0 ? "  -  " : fmt(f.actor()))));
            }
            System.out.printf("%-18s%s%n", row.replace("family ", "") + " (" + first.items() + ")", line);
        }
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
