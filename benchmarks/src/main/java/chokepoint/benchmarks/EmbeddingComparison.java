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
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15.BgeSmallZhV15EmbeddingModel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The two learned layers the issue asks to compare, on the corpus's test split, per family and per language: (a) the
 * shipped linear model over words and character n-grams, (b) sentence embeddings from langchain4j's in-process ONNX
 * models (all-MiniLM-L6-v2 for every text; or bge-small-zh-v1.5 for Chinese and all-MiniLM-L6-v2 for the rest) with
 * the same linear head (logistic regression), the same rule features beside them and the same policy fitted on dev.
 * Prints the figures of each, model alone and combined with the rules, and the CPU time per item of reading features.
 *   benchmarks/run-embeddings [corpus dir]
 */
public final class EmbeddingComparison {

    /** Embedding dimensions are put in slots of their own, past those the hashed rule features can take. */
    private static final int EMBEDDING_BASE = TextFeatures.DIMENSION - 4096;

    public static void main(String[] args) throws Exception {
        Path corpusDir = Path.of(args.length > 0 ? args[0] : "corpus");
        Corpus corpus = Corpus.load(corpusDir);
        Splits splits = Splits.read(corpusDir);
        List<CorpusItem> train = splits.of(corpus, Split.TRAIN);
        List<CorpusItem> dev = splits.of(corpus, Split.DEV);
        List<CorpusItem> test = splits.of(corpus, Split.TEST);
        Classifier rules = new Classifier(RuleSet.bundled(), Clock.systemUTC());
        System.out.printf("corpus %s: train %d, dev %d, test %d (split %s)%n", corpusDir, train.size(), dev.size(),
                test.size(), splits.frozen() ? "frozen" : "not frozen yet");

        Map<String, ModelTrainer.Featurizer> variants = new LinkedHashMap<>();
        variants.put("linear n-grams", (item, byRules) -> TextFeatures.of(item.title(), item.text(), item.jurisdiction(), byRules));
        EmbeddingModel minilm = new AllMiniLmL6V2EmbeddingModel();
        EmbeddingModel bgeZh = new BgeSmallZhV15EmbeddingModel();
        variants.put("all-MiniLM-L6-v2", embedded(item -> minilm));
        variants.put("bge-small-zh + MiniLM", embedded(item -> "zh".equals(item.lang()) ? bgeZh : minilm));

        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Map<String, List<Scorecard.Scored>> alone = new LinkedHashMap<>();
        Map<String, List<Scorecard.Scored>> combined = new LinkedHashMap<>();
        alone.put("rules alone", score(test, item -> rules.classifyByRules(item.title(), item.text(), item.jurisdiction())));
        for (Map.Entry<String, ModelTrainer.Featurizer> variant : variants.entrySet()) {
            ModelTrainer.Featurizer cached = cache(variant.getValue());
            long before = cpu.getCurrentThreadCpuTime();
            for (CorpusItem item : test) {
                cached.features(item, rules.classifyByRules(item.title(), item.text(), item.jurisdiction()));
            }
            double msPerItem = (cpu.getCurrentThreadCpuTime() - before) / 1e6 / test.size();
            long started = System.nanoTime();
            LearnedModel model = new ModelTrainer(rules, cached).train(train, dev, variant.getKey());
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%-24s features %.2f ms CPU per item (test split, rules included), trained in %.1f s "
                    + "(embeddings cached), policy %s %s%n", variant.getKey(), msPerItem, seconds, model.policy().measure(),
                    model.policy().stage());
            alone.put(variant.getKey(), score(test, item -> predict(rules, model, cached, item, CombinationPolicy.modelAlone())));
            combined.put("rules + " + variant.getKey(), score(test, item -> predict(rules, model, cached, item, model.policy())));
        }
        print("model alone (indicator F1 / measure / stage / actor)", alone, test);
        print("combined with the rules, as shipped would be", combined, test);
    }

    private static Classification predict(Classifier rules, LearnedModel model, ModelTrainer.Featurizer features,
                                          CorpusItem item, CombinationPolicy policy) {
        Classification byRules = rules.classifyByRules(item.title(), item.text(), item.jurisdiction());
        return LearnedModel.combine(byRules, model.predict(features.features(item, byRules)), policy, model.version(),
                rules::severity);
    }

    /** An embedding of title and lead, with the rule features beside it. */
    private static ModelTrainer.Featurizer embedded(Function<CorpusItem, EmbeddingModel> which) {
        return (item, byRules) -> {
            String text = (item.title() + "\n" + (item.text() == null ? "" : item.text()));
            float[] vector = which.apply(item).embed(text.length() > 1000 ? text.substring(0, 1000) : text).content().vector();
            TextFeatures.Vector ruleFeatures = TextFeatures.of("", "", item.jurisdiction(), byRules);
            int n = ruleFeatures.size();
            int[] index = Arrays.copyOf(ruleFeatures.index(), n + vector.length);
            float[] value = Arrays.copyOf(ruleFeatures.value(), n + vector.length);
            int base = EMBEDDING_BASE + ("zh".equals(item.lang()) && vector.length != 384 ? 1024 : 0);
            for (int d = 0; d < vector.length; d++) {
                index[n + d] = base + d;
                value[n + d] = vector[d];
            }
            return new TextFeatures.Vector(index, value);
        };
    }

    /** Each item's features computed once (embeddings are costly; training reads them several times). */
    private static ModelTrainer.Featurizer cache(ModelTrainer.Featurizer featurizer) {
        Map<String, TextFeatures.Vector> seen = new HashMap<>();
        return (item, byRules) -> seen.computeIfAbsent(item.id(), id -> featurizer.features(item, byRules));
    }

    private static List<Scorecard.Scored> score(List<CorpusItem> items, Function<CorpusItem, Classification> classify) {
        List<Scorecard.Scored> scored = new ArrayList<>();
        items.forEach(item -> scored.add(new Scorecard.Scored(item, classify.apply(item))));
        return scored;
    }

    private static void print(String heading, Map<String, List<Scorecard.Scored>> variants, List<CorpusItem> test) {
        System.out.println();
        System.out.println(heading);
        System.out.printf("%-16s", "");
        variants.keySet().forEach(v -> System.out.printf(" %-30s", v));
        System.out.println();
        List<String> rows = new ArrayList<>(List.of("all"));
        test.stream().map(CorpusItem::family).distinct().sorted().forEach(f -> rows.add("family " + f));
        test.stream().map(CorpusItem::lang).distinct().sorted().forEach(l -> rows.add("lang " + l));
        for (String row : rows) {
            System.out.printf("%-16s", row.replace("family ", ""));
            for (List<Scorecard.Scored> scored : variants.values()) {
                Scorecard.Figures f = row.equals("all") ? Scorecard.figures(scored)
                        : row.startsWith("family ") ? Scorecard.by(scored, CorpusItem::family).get(row.substring(7))
                        : Scorecard.by(scored, CorpusItem::lang).get(row.substring(5));
                System.out.printf(" %-30s", String.format("%s %s %s %s", f.anyIndicator() ? fmt(f.f1()) : "  -  ",
                        f.withMeasure() == 0 ? "  -  " : fmt(f.measure()), f.withMeasure() == 0 ? "  -  " : fmt(f.stage()),
                        f.withMeasure() == 0 ? "  -  " : fmt(f.actor())));
            }
            System.out.println();
        }
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
