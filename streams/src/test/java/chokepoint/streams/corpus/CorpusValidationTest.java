package chokepoint.streams.corpus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corpus in the repository validates on every build; and what the validator and the split refuse. */
class CorpusValidationTest {

    /** The project's corpus, beside the modules. */
    static final Path CORPUS = Path.of("..", "corpus");

    @Test
    void theRepositorysCorpusValidates() {
        Corpus corpus = Corpus.load(CORPUS);
        List<String> problems = CorpusValidator.problems(corpus, Splits.read(CORPUS));
        assertTrue(problems.isEmpty(), problems.size() + " problems, first: " + problems.subList(0, Math.min(20, problems.size())));
    }

    @Test
    void realItemsInTheFormatValidate(@TempDir Path root) throws IOException {
        CorpusFixture.write(root, "us-official", CorpusFixture.federalRegister());
        Corpus corpus = Corpus.load(root);
        assertEquals(95, corpus.items().size());
        assertEquals(List.of(), CorpusValidator.problems(corpus, Splits.read(root)));
    }

    @Test
    void eachBrokenFieldIsNamed(@TempDir Path root) throws IOException {
        List<ObjectNode> items = new ArrayList<>(CorpusFixture.federalRegister().subList(0, 8));
        items.get(0).remove("licence");
        items.get(1).put("provenance", " ");
        ((ObjectNode) items.get(2).get("label")).put("measure", "NONE");   // its stage stays set
        ((ObjectNode) items.get(3).get("label")).putNull("stage");        // a measure without a stage
        ((ObjectNode) items.get(4).get("label")).put("actor", "China");
        items.get(5).put("family", "us-official-notices");
        items.get(6).put("id", items.get(7).get("id").asText());
        items.add(items.get(0).deepCopy().put("id", "fr:bad-measure"));
        ((ObjectNode) items.get(8).get("label")).put("measure", "EXPORT_CONTROLS");
        CorpusFixture.write(root, "us-official", items);

        String problems = String.join("\n", CorpusValidator.problems(Corpus.load(root), Splits.read(root)));
        assertTrue(problems.contains("licence missing"), problems);
        assertTrue(problems.contains("provenance missing"), problems);
        assertTrue(problems.contains("label.stage must be null when measure is NONE"), problems);
        assertTrue(problems.contains("label.stage missing for measure"), problems);
        assertTrue(problems.contains("label.actor 'China' is not an ISO code or EU"), problems);
        assertTrue(problems.contains("family 'us-official-notices' is not one of"), problems);
        assertTrue(problems.contains("id already used at items/us-official/fixture.jsonl:"), problems);
        assertTrue(problems.contains("'EXPORT_CONTROLS' is not a measure"), problems);
    }

    @Test
    void theSplitTakesTheNewestOfEachFamilyForTestThenDev(@TempDir Path root) throws IOException {
        List<ObjectNode> items = CorpusFixture.federalRegister();
        CorpusFixture.write(root, "us-official", items);
        Corpus corpus = Corpus.load(root);
        Map<String, Split> split = Splits.read(root).assign(corpus);
        List<CorpusItem> newestFirst = new ArrayList<>(corpus.items());
        newestFirst.sort(java.util.Comparator.comparing(CorpusItem::date).reversed().thenComparing(CorpusItem::id));
        assertEquals(19, split.values().stream().filter(s -> s == Split.TEST).count());   // 20% of 95
        assertEquals(14, split.values().stream().filter(s -> s == Split.DEV).count());    // 15% of 95
        String oldestTest = newestFirst.get(18).date();
        String newestTrain = newestFirst.get(33).date();
        assertTrue(oldestTest.compareTo(newestTrain) >= 0, oldestTest + " vs " + newestTrain);
        assertEquals(Split.TEST, split.get(newestFirst.get(0).id()));
        assertEquals(Split.TRAIN, split.get(newestFirst.get(94).id()));
    }

    @Test
    void theTestSplitIsFrozenOnceAndNeverReceivesLaterItems(@TempDir Path root) throws IOException {
        List<ObjectNode> items = CorpusFixture.federalRegister();
        CorpusFixture.write(root, "us-official", items.subList(0, 80));
        Splits frozen = Splits.freeze(Corpus.load(root));
        assertTrue(frozen.frozen());
        assertEquals(16, frozen.testIds().size());
        assertThrows(IllegalStateException.class, () -> Splits.freeze(Corpus.load(root)));

        // Fifteen items arrive later, newer or not: none goes to test, the earlier ones keep their split.
        CorpusFixture.write(root, "us-official", items);
        Corpus grown = Corpus.load(root);
        Map<String, Split> split = Splits.read(root).assign(grown);
        for (ObjectNode later : items.subList(80, 95)) {
            assertFalse(split.get(later.get("id").asText()) == Split.TEST, later.get("id").asText());
        }
        assertEquals(frozen.testIds(), Splits.read(root).testIds());
        assertEquals(List.of(), CorpusValidator.problems(grown, Splits.read(root)));
    }

    @Test
    void anEditedTestListOrAMissingTestItemIsRefused(@TempDir Path root) throws IOException {
        List<ObjectNode> items = CorpusFixture.federalRegister();
        CorpusFixture.write(root, "us-official", items);
        Splits frozen = Splits.freeze(Corpus.load(root));
        String moved = frozen.testIds().iterator().next();
        List<String> test = new ArrayList<>(frozen.testIds());
        test.remove(moved);
        Files.write(root.resolve(Splits.TEST_IDS), test, StandardCharsets.UTF_8);
        String problems = String.join("\n", CorpusValidator.problems(Corpus.load(root), Splits.read(root)));
        assertTrue(problems.contains("the frozen test split changed"), problems);

        Files.write(root.resolve(Splits.TEST_IDS), frozen.testIds(), StandardCharsets.UTF_8);
        CorpusFixture.write(root, "us-official", items.stream().filter(i -> !i.get("id").asText().equals(moved)).toList());
        problems = String.join("\n", CorpusValidator.problems(Corpus.load(root), Splits.read(root)));
        assertTrue(problems.contains("test item " + moved + " is no longer in the corpus"), problems);
    }

    @Test
    void aCopyOfATestTextUnderAnotherIdIsRefused(@TempDir Path root) throws IOException {
        List<ObjectNode> items = new ArrayList<>(CorpusFixture.federalRegister());
        CorpusFixture.write(root, "us-official", items);
        Splits frozen = Splits.freeze(Corpus.load(root));
        String testId = frozen.testIds().stream().filter(id -> items.stream()
                .anyMatch(i -> i.get("id").asText().equals(id) && !i.get("text").asText().isBlank())).findFirst().orElseThrow();
        ObjectNode copy = items.stream().filter(i -> i.get("id").asText().equals(testId)).findFirst().orElseThrow()
                .deepCopy().put("id", testId + "-copy");
        items.add(copy);
        CorpusFixture.write(root, "us-official", items);
        String problems = String.join("\n", CorpusValidator.problems(Corpus.load(root), Splits.read(root)));
        assertTrue(problems.contains("same title and text as test item " + testId), problems);
    }
}
