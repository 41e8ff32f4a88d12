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
import chokepoint.streams.learn.TextFeatures;

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
 *   benchmarks/run-model-dev [corpus dir]
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
        if (System.getProperty("cv") != null) {
            crossValidate(rules, train, dev);
            return;
        }
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
        String errors = System.getProperty("errors");
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

    /**
     * The model alone (C 32, temperature 1), held out two ways over train and dev: by time (per family, newest first,
     * five blocks) and by language (each language other than English predicted by a model that saw none of it).
     */
    static void crossValidate(Classifier rules, List<CorpusItem> train, List<CorpusItem> dev) {
        List<CorpusItem> items = new ArrayList<>(train);
        items.addAll(dev);
        Map<String, Integer> block = new java.util.HashMap<>();
        Map<String, List<CorpusItem>> byFamily = new LinkedHashMap<>();
        items.forEach(i -> byFamily.computeIfAbsent(i.family(), f -> new ArrayList<>()).add(i));
        byFamily.values().forEach(family -> {
            List<CorpusItem> newestFirst = new ArrayList<>(family);
            newestFirst.sort(Comparator.comparing((CorpusItem i) -> String.valueOf(i.date())).reversed()
                    .thenComparing(i -> String.valueOf(i.id())));
            for (int k = 0; k < newestFirst.size(); k++) {
                block.put(newestFirst.get(k).id(), k * 5 / newestFirst.size());
            }
        });
        ModelTrainer trainer = new ModelTrainer(rules);
        long started = System.nanoTime();
        List<Classification> byTime = trainer.heldOut(items, i -> block.get(i.id()), Double.parseDouble(System.getProperty("c", "32")));
        Map<String, List<Scorecard.Scored>> variants = new LinkedHashMap<>();
        variants.put("rules alone", score(items, item -> rules.classifyByRules(item.title(), item.text(), item.jurisdiction())));
        List<Scorecard.Scored> timed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            timed.add(new Scorecard.Scored(items.get(i), byTime.get(i)));
        }
        variants.put("model, time blocks", timed);
        String dump = System.getProperty("dump");
        if (dump != null) {
            try (java.io.PrintStream out = new java.io.PrintStream(dump, java.nio.charset.StandardCharsets.UTF_8)) {
                for (int i = 0; i < items.size(); i++) {
                    CorpusItem item = items.get(i);
                    Classification p = byTime.get(i);
                    Classification r = variants.get("rules alone").get(i).predicted();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", item.id());
                    row.put("family", item.family());
                    row.put("lang", item.lang());
                    row.put("title", item.title());
                    row.put("text", item.text() == null ? "" : item.text().substring(0, Math.min(400, item.text().length())));
                    row.put("gold", List.of(String.valueOf(item.label().measure()), String.valueOf(item.label().stage()),
                            String.valueOf(item.label().actor())));
                    row.put("model", List.of(String.valueOf(p.measure()), String.valueOf(p.stage()), String.valueOf(p.actor())));
                    row.put("rules", List.of(String.valueOf(r.measure()), String.valueOf(r.stage()), String.valueOf(r.actor())));
                    row.put("evidence", p.evidence().stream().map(e -> e.field() + ":" + e.rule() + "<-" + e.matched()).toList());
                    out.println(chokepoint.records.Json.MAPPER.writeValueAsString(row));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        if (!"time".equals(System.getProperty("cv"))) {
            List<String> langs = List.of("de", "fr", "ja", "ko", "nl", "zh");
            List<Classification> byLang = trainer.heldOut(items, i -> langs.contains(i.lang()) ? langs.indexOf(i.lang()) : -1, 32);
            List<Scorecard.Scored> lolo = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                lolo.add(new Scorecard.Scored(items.get(i), byLang.get(i)));
            }
            variants.put("model, language unseen", lolo);
        }
        System.out.printf("held out in %.1f s%n", (System.nanoTime() - started) / 1e9);
        print("train + dev, " + items.size() + " items held out (indicator F1 / measure / stage / actor)", variants, items);
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
        return LearnedModel.combine(byRules, model.predict(TextFeatures.of(item.title(), item.text(), item.jurisdiction(),
                byRules), item.jurisdiction()), policy, model.version(), rules::severity);
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
