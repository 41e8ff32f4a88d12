package chokepoint.streams.classify;

import chokepoint.streams.corpus.Corpus;
import chokepoint.streams.corpus.CorpusItem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A wire story kept without its headline is read with its first sentence as the title. Nearly half of the corpus's news
 * items (1,478 of 3,178) came so, and the rules read them as bodies: one mention of "cła" or "sanctions" weighs too
 * little for a measure, and no title word decides the stage.
 */
class HeadlineTest {

    static final Classifier RULES = new Classifier(RuleSet.bundled(), Clock.systemUTC());

    @Test
    void aTitleIsTheHeadline() {
        assertEquals("China lifts sanctions against MEPs", Headline.of("China lifts sanctions against MEPs", "Beijing said."));
        assertEquals("Beijing said.", Headline.bodyBeside("China lifts sanctions against MEPs", "Beijing said."));
    }

    @Test
    void withoutATitleTheFirstSentenceIsTheHeadlineAndTheBodyKeepsItsOffsets() {
        String text = "BRUSSELS (Reuters) - The European Commission on Friday began an investigation. It said more.";
        String headline = Headline.of("", text);
        assertEquals("BRUSSELS (Reuters) - The European Commission on Friday began an investigation.", headline);
        String body = Headline.bodyBeside("", text);
        assertEquals(text.length(), body.length());
        assertEquals(" ".repeat(headline.length()) + " It said more.", body);
        assertEquals(text, Headline.of(null, text) + text.substring(headline.length()));
    }

    @Test
    void sentencesEndAtIdeographicStopsAndNotAtShortAbbreviations() {
        assertEquals("トランプ大統領が自動車関税を25%に引き上げると正式に発表した。",
                Headline.of("", "トランプ大統領が自動車関税を25%に引き上げると正式に発表した。日本も対象となる。"));
        assertEquals("U.S. Commerce Department imposes duties on steel.",
                Headline.of(" ", "U.S. Commerce Department imposes duties on steel. More follows."));
        assertEquals("", Headline.of(null, null));
    }

    /**
     * Corpus items without a title (train and dev of rounds 8-10) that the rules ALONE misread while they read the
     * first sentence as a body: a Polish tariff raised, an Italian tariff threat, a French suspension of sanctions, a
     * Turkish dumping investigation, a Japanese tariff raise.
     */
    @ParameterizedTest
    @ValueSource(strings = {"news:515f6e250e41", "news:1f15a9fc92fa", "news:ef2a821404fb", "news:53cc3a647875",
        "news:8197e95e5aef"})
    void theRulesReadATitlelessWireStoryByItsFirstSentence(String id) {
        Map<String, CorpusItem> corpus = Corpus.load(Path.of("..", "corpus")).byId();
        Assumptions.assumeTrue(corpus.containsKey(id), "skipped: " + id + " is not in ../corpus");
        CorpusItem item = corpus.get(id);
        assertEquals("", item.title() == null ? "" : item.title().strip());
        Classification c = RULES.classifyByRules(item.title(), item.text(), item.jurisdiction());
        assertEquals(item.label().measure() + "/" + item.label().stage(), c.measure() + "/" + c.stage(), id + ": " + item.text());
    }
}
