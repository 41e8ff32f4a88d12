package chokepoint.streams.learn;

import chokepoint.streams.classify.Classification;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which measures and stages the rules' words name, as features every language shares: "lifts", "hebt ... auf", "lève" and 解除
 * in a title are one feature, so what the model learns of easing titles in one language it applies in the others, where
 * the words themselves are learned language by language. Titles of corpus items news:ba8e01e7516d, news:1d90ebfacd99,
 * news:2e53381605f0, gacc:2023-125 (easings) and news:fwd-85cc60009e (new sanctions).
 */
class RuleWordsTest {

    static final Classifier RULES = new Classifier(RuleSet.bundled(), Clock.systemUTC());

    private static boolean reads(String title, String text, String feature) {
        return reads(title, text, 'w', feature);
    }

    private static boolean reads(String title, String text, char kind, String feature) {
        Classification rules = RULES.classifyByRules(title, text, null);
        return CueNeighbourhoodTest.reads(TextFeatures.of(title, text, null, rules), kind, feature);
    }

    @Test
    void anEasingWordInATitleIsOneFeatureInEveryLanguage() {
        assertTrue(reads("China lifts sanctions against MEPs", "", "title/EASED"));
        assertTrue(reads("China hebt Sanktionen gegen EU-Abgeordnete auf", "", "title/EASED"));
        assertTrue(reads("L’Union européenne lève les sanctions économiques contre la Syrie", "", "title/EASED"));
        assertTrue(reads("海关总署关于解除马来西亚高致病性禽流感风险警示的公告", "", "title/EASED"));
        assertFalse(reads("Canada announces new Russia sanctions targeting disinformation", "", "title/EASED"));
    }

    @Test
    void soIsAMeasureWord() {
        assertTrue(reads("China lifts sanctions against MEPs", "", 'v', "title/SANCTION_LISTING"));
        assertTrue(reads("China hebt Sanktionen gegen EU-Abgeordnete auf", "", 'v', "title/SANCTION_LISTING"));
    }

    @Test
    void theFirstSentenceOfATitlelessStoryIsItsTitle() {
        String text = "L’Union européenne a annoncé lundi la suspension des sanctions contre la Syrie. Elle restera vigilante.";
        assertTrue(reads("", text, "title/EASED"));
        assertFalse(reads("", text, "text/EASED"));
    }
}
