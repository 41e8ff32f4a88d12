package chokepoint.streams.classify;

import chokepoint.streams.corpus.Corpus;
import chokepoint.streams.corpus.CorpusItem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Who acts and who is pressed, read by the rules ALONE (no model) from real corpus items of the train and dev splits
 * (rule set 2026.12-12). Before it the rules knew few jurisdictions' names outside English and Chinese (no Türkei, no
 * 大韓民国, no 歐盟), took every possessive for the one pressed ("Canada's government ordered ..."), and read only the
 * first name of a list of origins ("originarios de Rusia, Tailandia y Turquía", "美國、韓國和歐盟", "태국·말레이시아産")
 * as a target: each item below came out with another actor or with targets missing.
 */
class RuleActorTest {

    /** A corpus item and what it shows. */
    record Case(String id, String shows) {
        @Override
        public String toString() {
            return shows + " (" + id + ")";
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("news:round26-de-0043", "German name of the acting country: Türkei erhöht Einfuhrzölle auf US-Produkte"),
                new Case("news:round27-actor-0063", "a possessive before a government organ names the actor: Canada's government"),
                new Case("kanpo:20251225h01617-0002-3", "Japanese origins joined by 及び before 産"),
                new Case("ktc:press-00001214", "Korean origins joined by · before 産"),
                new Case("mofcom:d7e21ad8d1", "a Chinese list after 原產于 in traditional characters: 美國、韓國和歐盟"),
                new Case("vlex:bb3cbe0bb6ff:es", "a Spanish list of origins: originarios de Rusia, Tailandia y Turquía"));
    }

    static Map<String, CorpusItem> corpus;
    static Classifier rules;

    @BeforeAll
    static void load() {
        corpus = Corpus.load(Path.of("..", "corpus")).byId();
        rules = new Classifier(RuleSet.bundled(), Clock.systemUTC());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRulesAloneReadTheActorAndTargets(Case c) {
        Assumptions.assumeTrue(corpus.containsKey(c.id()), "skipped: corpus item " + c.id() + " is not in ../corpus");
        CorpusItem item = corpus.get(c.id());
        Classification read = rules.classify(item.title(), item.text(), item.jurisdiction());
        assertEquals(item.label().actor(), read.actor(), "actor of " + c.id() + " (" + read.evidence() + ")");
        assertEquals(Set.copyOf(item.label().targets()), Set.copyOf(read.targets()),
                "targets of " + c.id() + " (" + read.evidence() + ")");
    }
}
