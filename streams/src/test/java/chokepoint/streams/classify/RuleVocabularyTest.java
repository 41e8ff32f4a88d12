package chokepoint.streams.classify;

import chokepoint.streams.corpus.Corpus;
import chokepoint.streams.corpus.CorpusItem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules' vocabulary of measures and stages in each language the corpus holds (rule set 2026.12-4): real corpus items
 * of the train and dev splits, one per kind of measure or stage where the corpus has one, that the rules ALONE (no model)
 * read with the labelled measure and stage. Before 2026.12-4 the rules read none of them so (no German, French, Korean,
 * Spanish, Italian or Polish measure words; Korean could not be found inside its eojeol; German compounds); before
 * 2026.12-11 none of the Russian and Ukrainian ones (no Cyrillic word at all).
 * <p>
 * Who acts and who is pressed, read the same way (rule set 2026.12-12): before it the rules knew few jurisdictions'
 * names outside English and Chinese (no Türkei, no 大韓民国, no 歐盟), took every possessive for the one pressed
 * ("Canada's government ordered ..."), and read only the first name of a list of origins ("originarios de Rusia,
 * Tailandia y Turquía", "美國、韓國和歐盟", "태국·말레이시아産") as a target: each item of {@link #actors()} came out with
 * another actor or with targets missing.
 */
class RuleVocabularyTest {

    /** A language and the corpus items that show its vocabulary at work. */
    record Language(String name, List<String> ids) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Language> languages() {
        return Stream.of(
                new Language("German: EU acts (Antidumpingzoll, Einleitung, Einstellung, Berichtigung) and news "
                        + "(Einfuhrverbot verhängt, hebt ... auf, droht, compound Zöllen)",
                        List.of("eurlex:32012R0699:de", "eurlex:oj-C2017-364-de-reifen", "eurlex:32015R1206:de",
                                "eurlex:32015R1953R(01):de", "news:2be502fc97e1", "news:96b0a9bd6b4a", "news:6b7a6d0bb7b2",
                                "news:4e7f80634ad8")),
                new Language("French: EU acts (droits compensateurs, réexamen au titre de l'expiration, proposition, "
                        + "mesures restrictives) and news (lève, enquêtes)",
                        List.of("eu:f6ae779d9ebb", "eurlex:52014XC1004(02):fr", "com:52010PC0435:fr", "eurlex:32020R1998:fr",
                                "news:276cb2f3b351", "news:e8e11ff4daef")),
                new Language("Korean: KTC notices (덤핑방지관세, 재심사, 부과), MOEF and MOTIE (독자 제재, 수출 통제 확대), news "
                        + "(반덤핑 조사, 관세 인상)",
                        List.of("ktc:press-00001185", "ktc:press-00001191", "moef:7d70b2ce651f", "motie:20240220-russia-belarus",
                                "news:18c8026f2ef5", "news:d6e7d042442a")),
                new Language("Spanish, Italian, Polish: aranceles, amenaza, investigación antidumping; impone dazi; "
                        + "cło antydumpingowe nakładające, przegląd wygaśnięcia",
                        List.of("news:3157f7a63052", "upci:dof-2022-09-01-ferromanganeso-prelim", "news:57c7f86ebb36",
                                "eurlex:32006R2005:pl", "eurlex:oj-C2011-217-10:pl")),
                new Language("Dutch: EU acts (antidumpingrecht, rectificatie, uitbreiding, beperkende maatregelen, opschorting)",
                        List.of("eurlex:32022R0674:nl", "eurlex:32024R1287:nl", "eurlex:32019D0797:nl", "eurlex:32021R0425:nl")),
                new Language("Japanese: 輸出禁止, 反ダンピング, 不当廉売関税 ... 調査",
                        List.of("news:070206d02337", "news:d8eee6cab876", "news:d730cd5ce019")),
                new Language("Chinese in traditional characters and news: 反傾銷調查, 關稅 ... 延期, 征收反倾销税",
                        List.of("mofcom:57029b6568a0", "taxcomm:535361f7ca1f", "news:10bf7c7793a3")),
                new Language("Proposals for a regulation that would impose a measure threaten (English, French)",
                        List.of("eurlex:52011PC0209:fr", "com:52010PC0435:fr")),
                new Language("Russian and Ukrainian (2026.12-11): запрет на ввоз снят, продовольственное эмбарго продлено, "
                        + "запрет на вывоз, пошлины, антидемпинговые пошлины и расследование, санкции сняты и продлены, "
                        + "пригрозили, перегляд",
                        List.of("news:round29-ru-0068", "news:round29-ru-0004", "news:round26-other-0064",
                                "news:round29-ru-0033", "news:round29-ru-0086", "news:round27-koru-0020",
                                "news:round29-eased-0061", "news:ac08ff5a7387:uk", "news:round27-koru-0044",
                                "iplex360:1041.11511.0")));
    }

    /** A corpus item whose actor and targets the rules alone read, and the construction it shows. */
    record Actor(String id, String shows) {
        @Override
        public String toString() {
            return shows + " (" + id + ")";
        }
    }

    static Stream<Actor> actors() {
        return Stream.of(
                new Actor("news:round26-de-0043", "German name of the acting country: Türkei erhöht Einfuhrzölle auf US-Produkte"),
                new Actor("news:round27-actor-0063", "a possessive before a government organ names the actor: Canada's government"),
                new Actor("kanpo:20251225h01617-0002-3", "Japanese origins joined by 及び before 産"),
                new Actor("ktc:press-00001214", "Korean origins joined by · before 産"),
                new Actor("mofcom:d7e21ad8d1", "a Chinese list after 原產于 in traditional characters: 美國、韓國和歐盟"),
                new Actor("vlex:bb3cbe0bb6ff:es", "a Spanish list of origins: originarios de Rusia, Tailandia y Turquía"));
    }

    static Map<String, CorpusItem> corpus;
    static Classifier rules;

    @BeforeAll
    static void load() {
        corpus = Corpus.load(Path.of("..", "corpus")).byId();
        rules = new Classifier(RuleSet.bundled(), Clock.systemUTC());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("languages")
    void theRulesAloneReadTheMeasureAndStage(Language language) {
        Assumptions.assumeTrue(language.ids().stream().allMatch(corpus::containsKey),
                "skipped: corpus items " + language.ids() + " are not in ../corpus");
        List<String> wrong = new ArrayList<>();
        for (String id : language.ids()) {
            CorpusItem item = corpus.get(id);
            Classification c = rules.classify(item.title(), item.text(), item.jurisdiction());
            if (c.measure() != item.label().measure() || c.stage() != item.label().stage()) {
                wrong.add(id + ": labelled " + item.label().measure() + "/" + item.label().stage() + ", read " + c.measure()
                        + "/" + c.stage() + " (" + c.evidence() + ")");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actors")
    void theRulesAloneReadTheActorAndTargets(Actor actor) {
        Assumptions.assumeTrue(corpus.containsKey(actor.id()), "skipped: corpus item " + actor.id() + " is not in ../corpus");
        CorpusItem item = corpus.get(actor.id());
        Classification read = rules.classify(item.title(), item.text(), item.jurisdiction());
        assertEquals(item.label().actor(), read.actor(), "actor of " + actor.id() + " (" + read.evidence() + ")");
        assertEquals(Set.copyOf(item.label().targets()), Set.copyOf(read.targets()),
                "targets of " + actor.id() + " (" + read.evidence() + ")");
    }
}
