package chokepoint.streams.learn;

import chokepoint.streams.classify.Classification;
import org.junit.jupiter.api.Test;

import static chokepoint.streams.learn.CueNeighbourhoodTest.RULES;
import static chokepoint.streams.learn.CueNeighbourhoodTest.reads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The actor head's own features: each jurisdiction named in the title with how the words around it read it and where it
 * stands against the first measure word. Titles of corpus items (news:b2ec4896769a, news:b3d0fde9bdcf).
 */
class ActorFeaturesTest {

    private static TextFeatures.Vector forActor(String title) {
        Classification rules = RULES.classifyByRules(title, "", null);
        return TextFeatures.forActor(title, "", null, rules);
    }

    @Test
    void theSubjectBeforeTheMeasureAndTheOnePressed() {
        TextFeatures.Vector x = forActor("India Launches Anti-Dumping Probe On Import Of A Chemical From China, Japan");
        assertTrue(reads(x, 'F', "IN/before"), "India, named before the measure, is the subject");
        assertTrue(reads(x, 'J', "IN/named/before"));
        assertTrue(reads(x, 'J', "CN/target/after"), "China, after 'from', is the one pressed");
        assertFalse(reads(x, 'F', "CN/after"));
    }

    @Test
    void aPossessiveNamesTheOnePressedEvenBeforeTheMeasure() {
        TextFeatures.Vector x = forActor("Taiwan adds China’s Huawei and SMIC to export control list");
        assertTrue(reads(x, 'F', "TW/before"));
        assertTrue(reads(x, 'J', "CN/target/before"));
        assertFalse(reads(x, 'F', "CN/before"));
    }

    @Test
    void theMeasureAndStageHeadsDoNotReadThem() {
        LearnedModel model = LearnedModel.bundled();
        String title = "India Launches Anti-Dumping Probe On Import Of A Chemical From China, Japan";
        Classification rules = RULES.classifyByRules(title, "", null);
        TextFeatures.Vector x = TextFeatures.of(title, "", null, rules);
        TextFeatures.Vector stage = TextFeatures.forStage(title, "", rules);
        LearnedModel.Prediction with = model.predict(x, stage, TextFeatures.forActor(title, "", null, rules));
        LearnedModel.Prediction without = model.predict(x, stage);
        assertEquals(without.measureProbability(), with.measureProbability());
        assertEquals(without.stageProbability(), with.stageProbability());
        assertEquals("IN", with.actor());
    }

    @Test
    void withoutANameOnlyTheRulesReadingAndThePublisher() {
        // The rules' actor with its cue, and the publisher: nothing else to read.
        assertEquals(2, forActor("Export control list amended").size());
    }
}
