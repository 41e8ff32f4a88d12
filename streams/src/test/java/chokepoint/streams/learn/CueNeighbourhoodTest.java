package chokepoint.streams.learn;

import chokepoint.streams.classify.Classification;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stage head's own features: the neighbourhood of the measure words the rules found, read by the stage head alone.
 * Titles of corpus items (news:e1c8415ff65b, news:2c1870114b74, mofcom:0e26322c6a9b, decoy:7c140b984ebd,
 * news:5c2ab6dc089a).
 */
class CueNeighbourhoodTest {

    static final Classifier RULES = new Classifier(RuleSet.bundled(), Clock.systemUTC());

    private static TextFeatures.Vector forStage(String title) {
        Classification rules = RULES.classifyByRules(title, "", null);
        return TextFeatures.forStage(title, "", rules);
    }

    /** Whether {@code x} holds the slot of one feature. */
    static boolean reads(TextFeatures.Vector x, char kind, String feature) {
        TextFeatures.Builder one = new TextFeatures.Builder();
        one.add(kind, feature);
        one.group();
        int slot = one.build().index()[0];
        return Arrays.stream(x.index()).anyMatch(i -> i == slot);
    }

    @Test
    void theWordsAroundAMeasureWord() {
        // The rules read "introduce" as IMPOSED; the words in front of the ban say it is only intended.
        TextFeatures.Vector x = forStage("Canada intends to introduce a ban on alcohol imports from the United States");
        assertTrue(reads(x, 'P', "1a"));
        assertTrue(reads(x, 'P', "introduce"));
        assertTrue(reads(x, 'P', "to"));
        assertTrue(reads(x, 'N', "from"));
        // Numbers are read as 0.
        TextFeatures.Vector says = forStage("Trump says will sign 25% tariff on Mexico, Canada on first day");
        assertTrue(reads(says, 'P', "10"));
        assertTrue(reads(says, 'P', "sign"));
    }

    @Test
    void ideographsNextToTheMeasureWord() {
        TextFeatures.Vector x = forStage("商务部新闻发言人就日本拟实施半导体等多项出口管制措施事答记者问");
        assertTrue(reads(x, 'U', "c多项"));
        assertTrue(reads(x, 'V', "c措施"));
        assertTrue(reads(x, 'U', "w等多"));
    }

    @Test
    void aTextWithoutAMeasureWordHasNone() {
        assertEquals(0, forStage("De oliecrisis van 1973").size());
    }

    @Test
    void theMeasureAndActorHeadsDoNotReadThem() {
        LearnedModel model = LearnedModel.bundled();
        String title = "US, China agree to pause tariff war for 90 days, will slash reciprocal duties by 115 percent";
        Classification rules = RULES.classifyByRules(title, "", null);
        TextFeatures.Vector x = TextFeatures.of(title, "", null, rules);
        TextFeatures.Vector own = TextFeatures.forStage(title, "", rules);
        assertTrue(own.size() > 0);
        LearnedModel.Prediction with = model.predict(x, own);
        LearnedModel.Prediction without = model.predict(x);
        assertEquals(without.measure(), with.measure());
        assertEquals(without.measureProbability(), with.measureProbability());
        assertEquals(without.actor(), with.actor());
        assertEquals(without.actorProbability(), with.actorProbability());
    }
}
