package chokepoint.streams.classify;

import chokepoint.records.Measure;
import chokepoint.records.Stage;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierTest {

    private final Classifier classifier = new Classifier(RuleSet.bundled(), Clock.systemUTC());

    private Classification classify(String title) {
        return classifier.classify(title, "", null);
    }

    @Test
    void exportControlsImposedByChinaOnChokepointMetals() {
        Classification c = classify("China imposes export controls on gallium and germanium");
        assertEquals(Measure.EXPORT_CONTROL, c.measure());
        assertEquals(Stage.IMPOSED, c.stage());
        assertEquals("CN", c.actor());
        assertEquals(List.of("gallium", "germanium"), c.sectors());
        assertTrue(c.severity() >= 7, "chokepoint sector raises severity: " + c.severityReasons());
        assertTrue(c.evidence().stream().anyMatch(e -> e.rule().equals("measure.EXPORT_CONTROL")
                && e.matched().equals("export controls") && e.field().equals("title")));
    }

    @Test
    void realMofcomTitleInChinese() {
        Classification c = classify("商务部 海关总署公告2023年第23号 关于对镓、锗相关物项实施出口管制的公告");
        assertEquals(Measure.EXPORT_CONTROL, c.measure());
        assertEquals(Stage.IMPOSED, c.stage());
        assertEquals("CN", c.actor());
        assertTrue(c.sectors().containsAll(List.of("gallium", "germanium")));
    }

    @Test
    void suspensionIsEasedNotImposed() {
        Classification c = classify("China suspends the export controls on rare earths announced in October");
        assertEquals(Measure.EXPORT_CONTROL, c.measure());
        assertEquals(Stage.EASED, c.stage());
        assertEquals(0, c.severity(), "easing is not pressure");
    }

    @Test
    void removalFromTheEntityListIsAnEasedListingByTheUs() {
        Classification c = classifier.classify("Removal of Certain Entities From the Entity List", "", "US");
        assertEquals(Measure.SANCTION_LISTING, c.measure());
        assertEquals(Stage.EASED, c.stage());
        assertEquals("US", c.actor());
    }

    @Test
    void antidumpingInvestigationNamesTheTarget() {
        Classification c = classifier.classify(
                "Aluminum Foil From China: Initiation of Less-Than-Fair-Value Investigation", "", "US");
        assertEquals(Measure.TRADE_DEFENSE, c.measure());
        assertEquals(Stage.INVESTIGATING, c.stage());
        assertEquals("US", c.actor());
        assertEquals(List.of("CN"), c.targets());
    }

    @Test
    void administrativeReviewIsProcedural() {
        Classification c = classifier.classify(
                "Certain Steel Nails From Oman: Preliminary Results of Antidumping Duty Administrative Review", "", "US");
        assertEquals(Measure.TRADE_DEFENSE, c.measure());
        assertEquals(Stage.PROCEDURAL, c.stage());
        assertEquals(List.of("OM"), c.targets());
    }

    @Test
    void threatenedTariffs() {
        Classification c = classify("U.S. warns it may impose tariffs on Japanese chips");
        assertEquals(Measure.TARIFF, c.measure());
        assertEquals(Stage.THREATENED, c.stage());
        assertEquals("US", c.actor());
        assertEquals(List.of("JP"), c.targets());
    }

    @Test
    void newsThatMerelyMentionsTradeIsNone() {
        for (String title : List.of("Japan's trade surplus widened in March", "EU and Japan agree trade pact",
                "Bahia cocoa review", "Bakery chain opens twelve new stores")) {
            Classification c = classify(title);
            assertEquals(Measure.NONE, c.measure(), title);
            assertNull(c.stage(), title);
            assertNull(c.actor(), title);
        }
    }

    @Test
    void wordsMatchOnlyWholeSoUsInsideWordsDoesNotCount() {
        Classification c = classify("Museum of trusted bisque porcelain opens");
        assertEquals(Measure.NONE, c.measure());
        assertFalse(c.evidence().stream().anyMatch(e -> e.matched().equalsIgnoreCase("bis")));
    }

    @Test
    void hugeTextIsBounded() {
        String text = "export controls ".repeat(200_000);
        Classification c = classifier.classify("Notice", text, null);
        assertEquals(Measure.EXPORT_CONTROL, c.measure());
    }
}
