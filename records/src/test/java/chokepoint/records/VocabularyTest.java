package chokepoint.records;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTest {

    @Test
    void euAsATargetCoversItsMemberStatesAndEuInstitutionsOnlyTheUnion() {
        assertTrue(Vocabulary.targetMatches("EU", "EU"));
        assertTrue(Vocabulary.targetMatches("EU", "FI"));
        assertTrue(Vocabulary.targetMatches("eu", "IT"));
        assertFalse(Vocabulary.targetMatches("EU", "GB"));
        assertFalse(Vocabulary.targetMatches("FI", "EU"), "a member state's filter does not take measures against the Union");
        assertTrue(Vocabulary.targetMatches("EU-institutions", "EU"));
        assertFalse(Vocabulary.targetMatches("EU-institutions", "FI"));
        assertTrue(Vocabulary.anyTargetMatches(List.of("JP", "EU"), List.of("LT")));
    }

    @Test
    void namesAndSlipsGetTheWordThatWasMeant() {
        assertEquals(Optional.of("CN"), Vocabulary.suggestJurisdiction("China"));
        assertEquals(Optional.of("EU"), Vocabulary.suggestJurisdiction("eu"));
        assertEquals(Optional.of("EU"), Vocabulary.suggestJurisdiction("European Union"));
        assertEquals(Optional.of("US"), Vocabulary.suggestJurisdiction("USA"));
        assertEquals(Optional.of("GB"), Vocabulary.suggestJurisdiction("United Kingdom"));
        assertEquals(Optional.of("KR"), Vocabulary.suggestJurisdiction("South Korea"));
        assertEquals(Optional.empty(), Vocabulary.suggestJurisdiction("Atlantis"));
        assertEquals(Optional.of("rare-earths"), Vocabulary.suggest("rare-earth", Vocabulary.SECTORS));
        assertEquals(Optional.of("semiconductors"), Vocabulary.suggest("semiconductor", Vocabulary.SECTORS));
        assertEquals(Optional.of("evs"), Vocabulary.suggest("ev", Vocabulary.SECTORS));
        assertEquals(Optional.empty(), Vocabulary.suggest("bakery", Vocabulary.SECTORS));
        assertEquals("unknown sector 'rare-earth', did you mean 'rare-earths'?",
                Vocabulary.unknown("sector", "rare-earth", Vocabulary.suggest("rare-earth", Vocabulary.SECTORS)));
    }

    @Test
    void jurisdictionsAreIsoCodesOrEu() {
        assertTrue(Vocabulary.isJurisdiction("CN"));
        assertTrue(Vocabulary.isJurisdiction("EU"));
        assertFalse(Vocabulary.isJurisdiction("China"));
        assertFalse(Vocabulary.isJurisdiction("XX"));
        assertTrue(Vocabulary.isTarget("EU-institutions"));
        assertFalse(Vocabulary.isJurisdiction("EU-institutions"), "not an actor");
    }

    @Test
    void aMeasureOnAllDestinationsIsOneAgainstEveryTarget() {
        assertTrue(Vocabulary.targetMatches("EU", Vocabulary.ALL_DESTINATIONS));
        assertTrue(Vocabulary.targetMatches("FI", Vocabulary.ALL_DESTINATIONS));
        assertTrue(Vocabulary.targetMatches("EU-institutions", Vocabulary.ALL_DESTINATIONS));
        assertTrue(Vocabulary.targetMatches("*", Vocabulary.ALL_DESTINATIONS), "'*' asks for those measures");
        assertFalse(Vocabulary.targetMatches("*", "EU"), "and for those only");
        assertTrue(Vocabulary.isTarget("*"));
        assertFalse(Vocabulary.isJurisdiction("*"), "no one's actor");
        assertEquals("EU, all destinations", Vocabulary.describeTargets(java.util.List.of("EU", "*")));
    }
}
