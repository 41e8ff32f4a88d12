package chokepoint.streams.learn;

import chokepoint.records.Json;
import chokepoint.streams.classify.Classification;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import chokepoint.streams.corpus.Corpus;
import chokepoint.streams.corpus.CorpusItem;
import chokepoint.streams.corpus.Split;
import chokepoint.streams.corpus.Splits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training is deterministic (the same corpus gives the same file, byte for byte, and the same version), and a model
 * file reads back to the same decisions. Trained on the labelled source titles in the repository
 * (streams/src/test/resources/eval/sources.jsonl: 163 MOFCOM, 3 METI and 4 Rijksoverheid titles) in the corpus format.
 */
class ModelTrainerTest {

    @TempDir
    static Path root;
    static Corpus corpus;
    static Splits splits;
    static final Classifier RULES = new Classifier(RuleSet.bundled(), Clock.systemUTC());

    @BeforeAll
    static void corpus() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/eval/sources.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode node = Json.MAPPER.readTree(line);
            ObjectNode item = Json.MAPPER.createObjectNode();
            String source = node.path("source").asText();
            item.put("id", node.path("id").asText());
            item.put("family", source.equals("mofcom") ? "cn-official" : "other-official");
            item.put("publisher", source);
            item.put("lang", node.path("lang").asText());
            item.put("date", node.path("date").asText());
            item.put("title", node.path("title").asText());
            item.put("text", node.path("text").asText(""));
            item.put("url", node.path("url").asText());
            item.set("jurisdiction", node.path("jurisdiction"));
            item.put("provenance", "streams/src/test/resources/eval/sources.jsonl");
            item.put("licence", "official titles as published");
            ObjectNode label = item.putObject("label");
            label.set("measure", node.path("label").path("measure"));
            label.set("stage", node.path("label").path("stage"));
            label.set("actor", node.path("label").path("actor"));
            label.putArray("targets");
            item.put("labelledBy", "source-label");
            item.put("why", "label of the sources set");
            lines.add(Json.MAPPER.writeValueAsString(item));
        }
        Path file = root.resolve("items/cn-official/sources.jsonl");
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
        corpus = Corpus.load(root);
        splits = Splits.read(root);
    }

    private static LearnedModel train() {
        return new ModelTrainer(RULES).train(splits.of(corpus, Split.TRAIN), splits.of(corpus, Split.DEV), "test");
    }

    @Test
    void trainingTwiceGivesTheSameFile() {
        LearnedModel first = train();
        LearnedModel second = train();
        assertArrayEquals(first.bytes(), second.bytes());
        assertEquals(first.version(), second.version());
        assertTrue(first.version().matches("test\\+[0-9a-f]{8}"), first.version());
    }

    @Test
    void theFileIsTheSameOnOneThreadAsOnSeveral() {
        List<String> steps = new ArrayList<>();
        LearnedModel one = new ModelTrainer(RULES).threads(1)
                .train(splits.of(corpus, Split.TRAIN), splits.of(corpus, Split.DEV), "test");
        LearnedModel three = new ModelTrainer(RULES).threads(3).progress(steps::add)
                .train(splits.of(corpus, Split.TRAIN), splits.of(corpus, Split.DEV), "test");
        assertArrayEquals(one.bytes(), three.bytes());
        assertEquals(one.version(), three.version());
        assertEquals(4, steps.size(), "each step of training is reported as it ends: " + steps);
    }

    @Test
    void aFitFromAnotherFitsWeightsDecidesAsAFitFromZero() {
        ModelTrainer trainer = new ModelTrainer(RULES);
        List<ModelTrainer.Example> train = trainer.examples(splits.of(corpus, Split.TRAIN));
        List<ModelTrainer.Example> held = trainer.examples(splits.of(corpus, Split.TEST));
        List<String> measures = train.stream().map(e -> e.item().label().measure().name()).distinct().sorted().toList();
        java.util.function.Function<ModelTrainer.Example, String> measureOf = e -> e.item().label().measure().name();
        LinearModel fromZero = ModelTrainer.fit(train, measures, measureOf, 32, ModelTrainer.Example::x, null);
        LinearModel smallerC = ModelTrainer.fit(train, measures, measureOf, 8, ModelTrainer.Example::x, null);
        LinearModel fromStart = ModelTrainer.fit(train, measures, measureOf, 32, ModelTrainer.Example::x, smallerC);
        assertTrue(measures.size() > 2, "more than two classes, so the start's layout is the one-vs-rest one: " + measures);
        int same = 0;
        for (ModelTrainer.Example e : held) {
            same += argmax(fromZero.scores(e.x())) == argmax(fromStart.scores(e.x())) ? 1 : 0;
        }
        assertTrue(same >= held.size() - 1, same + " of " + held.size() + " held-out items read alike");
        assertTrue(!Arrays.equals(fromZero.weights(), fromStart.weights()), "the start was used");
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    @Test
    void aModelFileReadsBackToTheSameDecisions() throws Exception {
        LearnedModel trained = train();
        LearnedModel read = LearnedModel.read(new ByteArrayInputStream(trained.bytes()));
        assertEquals(trained.version(), read.version());
        assertArrayEquals(trained.bytes(), read.bytes());
        Classifier withModel = RULES.withModel(read);
        for (CorpusItem item : splits.of(corpus, Split.TEST)) {
            Classification c = withModel.classify(item.title(), item.text(), item.jurisdiction());
            assertEquals(read.version(), c.modelVersion());
            assertTrue(c.evidence().stream().anyMatch(e -> e.field().equals("model") && e.matched().startsWith("model ")),
                    "the model's reading is in the evidence: " + c.evidence());
            LearnedModel.Prediction fromTrained = trained.predict(item.title(), item.text(), item.jurisdiction(),
                    RULES.classifyByRules(item.title(), item.text(), item.jurisdiction()));
            LearnedModel.Prediction fromFile = read.predict(item.title(), item.text(), item.jurisdiction(),
                    RULES.classifyByRules(item.title(), item.text(), item.jurisdiction()));
            assertEquals(fromTrained.measure(), fromFile.measure(), item.title());
            assertEquals(fromTrained.measureProbability(), fromFile.measureProbability(), 1e-3, item.title());
        }
    }

    @Test
    void whereThePolicySaysNeverTheRulesDecide() {
        LearnedModel never = train().withPolicy(CombinationPolicy.rulesAlone());
        Classifier withModel = RULES.withModel(never);
        for (CorpusItem item : corpus.items()) {
            Classification rules = RULES.classify(item.title(), item.text(), item.jurisdiction());
            Classification both = withModel.classify(item.title(), item.text(), item.jurisdiction());
            assertEquals(rules.measure(), both.measure(), item.title());
            assertEquals(rules.stage(), both.stage(), item.title());
            assertEquals(rules.actor(), both.actor(), item.title());
        }
    }

    @Test
    void featuresAreTheSameInAnyOrderOfReading() {
        TextFeatures.Vector a = TextFeatures.of("关于对锑相关物项及超硬材料设备实施出口管制的公告", "", "CN", null).merged();
        TextFeatures.Vector b = TextFeatures.of("关于对锑相关物项及超硬材料设备实施出口管制的公告", "", "CN", null).merged();
        assertArrayEquals(a.index(), b.index());
        assertTrue(Arrays.stream(a.index()).allMatch(i -> i >= 0 && i < TextFeatures.DIMENSION));
    }
}
