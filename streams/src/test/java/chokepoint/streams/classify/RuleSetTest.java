package chokepoint.streams.classify;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleSetTest {

    @Test
    void bundledRulesLoad() {
        RuleSet rules = RuleSet.bundled();
        assertFalse(rules.rules().isEmpty());
        assertTrue(rules.chokepointSectors().contains("rare-earths"));
        assertFalse(rules.version().isBlank());
    }

    @Test
    void theSectorsOfTheRulesAreTheVocabularyRulesAndSubscriptionsAreCheckedAgainst() {
        java.util.Set<String> sectors = new java.util.TreeSet<>();
        RuleSet.bundled().rules().stream().filter(rule -> rule.kind() == RuleKind.SECTOR).forEach(rule -> sectors.add(rule.value()));
        assertEquals(new java.util.TreeSet<>(chokepoint.records.Vocabulary.SECTORS), sectors,
                "a sector added to rules.txt goes into Vocabulary.SECTORS too, or no rule could select it");
    }

    @Test
    void weightsAndLinesAreRead() throws IOException {
        RuleSet rules = RuleSet.parse("t.txt", new StringReader("version 1\n\n[measure TARIFF]\ntariffs *3\n关税\n"));
        assertEquals(2, rules.rules().size());
        assertEquals(3, rules.rules().get(0).weight());
        assertEquals(4, rules.rules().get(0).line());
        assertEquals(1, rules.rules().get(1).weight());
    }

    @Test
    void badRulesNameTheirLine() {
        assertError("version 1\n[measure EXPORT_CONTROLS]\nx\n", "t.txt:2: unknown measure 'EXPORT_CONTROLS'");
        assertError("version 1\nphrase\n", "t.txt:2: phrase 'phrase' before any [section]");
        assertError("version 1\n[country China]\nchina\n", "t.txt:2: 'China' is not an ISO 3166-1 alpha-2 code");
        assertError("version 1\n[stage IMPOSED]\nadds\nadds\n", "t.txt:4: phrase 'adds' is already listed");
        assertError("version 1\n[measure TARIFF]\ntariff *12\n", "t.txt:3: weight must be 1..9");
        assertError("[measure TARIFF]\ntariff\n", "t.txt: missing 'version ...' line");
        assertError("version 1\n[other-sense country]\nx\n", "t.txt:2: [other-sense] silences 'measure' or 'stage' words");
        assertError("version 1\n[hint USA]\nx\n", "t.txt:2: 'USA' is not an ISO 3166-1 alpha-2 code");
    }

    private static void assertError(String text, String expected) {
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleSet.parse("t.txt", new StringReader(text)));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
