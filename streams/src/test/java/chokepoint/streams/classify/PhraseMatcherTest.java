package chokepoint.streams.classify;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhraseMatcherTest {

    private static PhraseMatcher matcher(String rules) throws IOException {
        return new PhraseMatcher(RuleSet.parse("t.txt", new StringReader("version 1\n" + rules)));
    }

    private static List<String> found(PhraseMatcher matcher, String text) {
        return matcher.find("text", text).stream().map(PhraseMatch::matched).toList();
    }

    @Test
    void wholeWordsOnlyAndCaseFoldedWithoutMovingOffsets() throws IOException {
        PhraseMatcher m = matcher("[measure TARIFF]\ntariff\n");
        assertEquals(List.of("Tariff"), found(m, "İİ Tariff"), "İ folds to one char, so the offset still points at the word");
        assertEquals(List.of(), found(m, "tariffs and subtariff"));
    }

    @Test
    void proximityPhrasesSpanAFewWordsWithinOneClause() throws IOException {
        PhraseMatcher m = matcher("[measure EXPORT_CONTROL]\ncurbs on ... exports *3\n");
        assertEquals(List.of("curbs on chip exports"), found(m, "U.S. weighs new curbs on chip exports to China"));
        assertEquals(List.of("curbs on U.S. exports"), found(m, "curbs on U.S. exports"), "an abbreviation is no clause end");
        assertEquals(List.of(), found(m, "curbs on imports were eased. Exports rose"), "not across a sentence");
        assertEquals(List.of(), found(m, "curbs on " + "very ".repeat(10) + "many exports"), "not beyond a few words");
    }

    @Test
    void aCompoundHeadMatchesOnlyAtTheEndOfALongerWord() throws IOException {
        PhraseMatcher m = matcher("[measure TARIFF]\n-zölle *2\nzölle *2\n");
        assertEquals(List.of("zölle"), found(m, "Brüssel verhängt Strafzölle auf E-Autos"));
        assertEquals(List.of("zölle"), found(m, "Antidumpingzölle verlängert"), "the head of a compound, case folded");
        assertEquals(List.of("Zölle"), found(m, "neue US-Zölle"), "after a hyphen it is a whole word");
        assertEquals(List.of(), found(m, "Zöllner und Zollbeamte"), "the head must end the word");
        PhraseMatcher headOnly = matcher("[measure TARIFF]\n-zoll *2\n");
        assertEquals(List.of(), found(headOnly, "der Zoll beschlagnahmte die Ware"), "alone, Zoll is the customs service");
        assertEquals(List.of("zoll"), found(headOnly, "ein endgültiger Ausgleichszoll"));
    }

    @Test
    void hangulIsFoundInsideItsEojeolWithParticlesAndEndings() throws IOException {
        PhraseMatcher m = matcher("[measure TARIFF]\n관세 *2\n[stage EASED]\n해제 *2\n");
        assertEquals(List.of("관세", "해제"), found(m, "반도체 관세를 해제했다"));
    }

    @Test
    void theTypographicApostropheIsThePlainOne() throws IOException {
        PhraseMatcher m = matcher("[measure EXPORT_CONTROL]\ninterdiction d'exportation *3\n");
        assertEquals(List.of("interdiction d’exportation"), found(m, "Une interdiction d’exportation de gallium"));
    }
}
