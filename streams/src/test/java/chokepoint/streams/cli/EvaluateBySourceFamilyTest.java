package chokepoint.streams.cli;

import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classifier on the sources the default catalogue polls, scored per family: every real MOFCOM export-control
 * title of the export-control site's listings, METI's and Rijksoverheid's releases (eval/sources.jsonl, labelled by
 * hand under classification.md; provenance in eval/SOURCES.md).
 */
class EvaluateBySourceFamilyTest {

    private final EvaluateCommand command = new EvaluateCommand(new Classifier(RuleSet.bundled(), Clock.systemUTC()));

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(EvaluateBySourceFamilyTest.class.getResource("/eval/" + name).toURI());
    }

    @Test
    void mofcomTitlesAreFoundAndAttributed() throws Exception {
        Map<String, EvaluateCommand.FamilyScore> scores = EvaluateCommand.byFamily(
                command.load(resource("sources.jsonl"), null, System.err).scored());
        EvaluateCommand.FamilyScore mofcom = scores.get("MOFCOM");
        assertNotNull(mofcom, scores.toString());
        assertEquals(163, mofcom.items());
        // Floors a little under today's figures (0.994, 0.957, 0.948): a rule change that loses real MOFCOM notices fails.
        assertTrue(mofcom.indicatorF1() >= 0.97, "indicator F1 " + mofcom.indicatorF1());
        assertTrue(mofcom.measureAccuracy() >= 0.93, "measure accuracy " + mofcom.measureAccuracy());
        assertTrue(mofcom.actorAccuracy() >= 0.93, "actor accuracy " + mofcom.actorAccuracy());
        for (String family : new String[] {"METI", "Rijksoverheid"}) {
            EvaluateCommand.FamilyScore score = scores.get(family);
            assertEquals(1.0, score.measureAccuracy(), family);
            assertEquals(1.0, score.actorAccuracy(), family);
        }
    }

    @Test
    void theReportPrintsATablePerFamily() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, command.run(resource("sources.jsonl"), false, null, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("source family"), report);
        assertTrue(report.lines().anyMatch(line -> line.startsWith("MOFCOM ") && line.contains(" 163 ")), report);
    }

    @Test
    void theTwoPartsSplitEveryFamilyTheSameWayOnEveryRun() throws Exception {
        int tune = command.load(resource("sources.jsonl"), "tune", System.err).scored().size();
        int report = command.load(resource("sources.jsonl"), "report", System.err).scored().size();
        assertEquals(170, tune + report);
        assertTrue(tune > 50 && report > 50, tune + " / " + report);
        assertEquals(tune, command.load(resource("sources.jsonl"), "tune", System.err).scored().size());
    }

    /**
     * The development set lives beside the project, not in it: the check runs where it is and says so where not. The
     * rules alone keep their floor on the official families; the event sentences (one sentence each, no title) are held
     * to it as the classifier ships, rules and model: since rule set 2026.12-5 a titleless text's first sentence is read
     * as its title, so the rules alone take "Radical French farmers said ... they would blockade Paris"
     * (PLOVER-GSR01-THREATEN-0015) for a threat at a title's weight, one false alarm in a family of 19 with a single
     * measure; the model reads it as none.
     */
    @Test
    void theHeldOutHalfOfTheDevelopmentSet() throws Exception {
        Path dev = Path.of("..", "..", "shared", "corpora", "eval", "dev.jsonl");
        Assumptions.assumeTrue(Files.isRegularFile(dev), "skipped: ../shared/corpora/eval/dev.jsonl is not beside the project");
        Map<String, EvaluateCommand.FamilyScore> rulesAlone = EvaluateCommand.byFamily(
                command.load(dev, "report", System.err).scored());
        Map<String, EvaluateCommand.FamilyScore> shipped = EvaluateCommand.byFamily(
                new EvaluateCommand(Classifier.bundled(Clock.systemUTC())).load(dev, "report", System.err).scored());
        for (String family : new String[] {"Federal Register", "Global Trade Alert"}) {
            assertTrue(rulesAlone.get(family).indicatorF1() >= 0.9, family + " " + rulesAlone.get(family));
            assertTrue(rulesAlone.get(family).measureAccuracy() >= 0.9, family + " " + rulesAlone.get(family));
        }
        for (String family : new String[] {"Federal Register", "Global Trade Alert", "event sentences"}) {
            assertTrue(shipped.get(family).indicatorF1() >= 0.9, family + " " + shipped.get(family));
            assertTrue(shipped.get(family).measureAccuracy() >= 0.9, family + " " + shipped.get(family));
        }
    }
}
