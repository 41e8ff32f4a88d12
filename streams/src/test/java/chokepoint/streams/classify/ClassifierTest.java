package chokepoint.streams.classify;

import chokepoint.records.Measure;
import chokepoint.records.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    @Test
    void sanctionsInADomesticSenseAreNoMeasure() {
        assertEquals(Measure.NONE, classify("Determination To Defer Sanctions; Arizona; Pinal County Air Quality Control District").measure());
        assertEquals(Measure.NONE, classify("Clinical Laboratory Improvement Amendments of 1988 (CLIA) Fees; Histocompatibility, "
                + "Personnel, and Alternative Sanctions for Certificate of Waiver Laboratories").measure());
        assertEquals(Measure.NONE, classify("Designating English as the Official Language of the United States").measure());
        assertEquals(Measure.NONE, classify("PAKISTAN'S FOREIGN EXCHANGE RESERVES FALL").measure());
        assertEquals(Measure.NONE, classifier.classify("SBIC License Issuance", "Pursuant to the authority granted to the "
                + "Small Business Administration under section 301(c) of the Small Business Investment Act of 1958", null).measure(),
                "another statute's section 301");
        assertEquals(Measure.SERVICES_FINANCE_RESTRICTION, classify("Argentina: New foreign exchange controls on importers").measure());
        assertEquals(Measure.SANCTION_LISTING, classify("Imposing Sanctions With Respect to Iran").measure(),
                "the same word in its trade sense still counts");
        assertEquals(Measure.NONE, classify("BE-185: Quarterly Survey of Financial Services Transactions Between U.S. "
                + "Financial Services Providers and Foreign Persons").measure(), "a statistical survey restricts nothing");
    }

    @Test
    void aTitleAboutSupportOrPromotionIsNoMeasureUnlessItNamesOne() {
        Classification promotion = classifier.classify("Ukraine: Introduction of a new investment promotion regime",
                "The government set a dividend tax of 7.5% for foreign investors in priority projects.", null);
        assertEquals(Measure.NONE, promotion.measure());
        assertTrue(promotion.evidence().stream().anyMatch(e -> e.rule().equals("other-sense.item")), promotion.evidence().toString());
        assertEquals(Measure.EXPORT_CONTROL, classify("India: Export subsidy withdrawn and export ban on sugar introduced").measure());
    }

    @Test
    void anExecutiveOrderTitleNamesItsActorOnlyThroughItsLegalFormulas() {
        Classification duties = classify("Imposing Duties To Address the Situation at Our Southern Border");
        assertEquals(Measure.TARIFF, duties.measure());
        assertEquals("US", duties.actor());
        Classification blocking = classify("Blocking the Property of Certain Persons Engaging in Significant Malicious Cyber-Enabled Activities");
        assertEquals(Measure.SANCTION_LISTING, blocking.measure());
        assertEquals("US", blocking.actor());
    }

    @Test
    void aTitleCaseTitleOpeningWithAGerundIsTheFormOfAUsPresidentialDocument() {
        Classification reimposing = classify("Reimposing Certain Sanctions With Respect to Iran");
        assertEquals(Measure.SANCTION_LISTING, reimposing.measure());
        assertEquals("US", reimposing.actor());
        assertEquals(List.of("IR"), reimposing.targets());
        assertTrue(reimposing.evidence().stream().anyMatch(e -> e.rule().equals("hint.US") && e.matched().equals("Reimposing")),
                reimposing.evidence().toString());
        assertEquals("US", classify("Prohibiting Certain Imports of Burmese Jadeite and Rubies").actor());
        // Only the form says so: the same words in a sentence-case headline or in the middle of a title do not.
        assertNull(classify("Imposing sanctions on the court would backfire, lawyers warn").actor());
        assertNull(classify("New Rules Imposing Export Controls on Drones").actor());
        assertNull(classify("IMPOSING SANCTIONS ON THE COURT WOULD BACKFIRE").actor(), "wire headlines are in capitals");
    }

    @Test
    void anAppOrAnArrestIsAMeasureOnlyWhereTheWordsSaySo() {
        assertEquals(Measure.NONE, classify("A 13-year-old dies after participating in a Benadryl TikTok 'challenge'").measure());
        assertEquals(Measure.NONE, classify("Police detained a person of interest after four people were found dead").measure());
        Classification app = classify("Addressing the Threat Posed by WeChat, and Taking Additional Steps To Address the "
                + "National Emergency With Respect to the Information and Communications Technology and Services Supply Chain");
        assertEquals(Stage.IMPOSED, app.stage(), "the threat posed by an app is what the order answers, not a threat to act");
        assertEquals(Measure.SERVICES_FINANCE_RESTRICTION, classify("Congress passes TikTok ban").measure());
        assertEquals(Measure.INFORMAL_PRESSURE, classify("China detains two Japanese executives of Astellas").measure());
    }

    @Test
    void aNameAfterTheMeasureInATitleIsItsObjectNotItsActor() {
        Classification c = classify("Imposing Tariffs on Countries Importing Venezuelan Oil");
        assertEquals(Measure.TARIFF, c.measure());
        assertEquals("US", c.actor(), "not Venezuela; US from the title's form");
        assertEquals(List.of("VE"), c.targets());
        assertEquals("CN", classify("China imposes tariffs on American soybeans").actor());
    }

    @Test
    void everyCountryInAListHeadedByFromIsATarget() {
        Classification c = classify("Brass Rod From Brazil, India, Israel, Mexico, the Republic of Korea, and South Africa: "
                + "Initiation of Less-Than-Fair-Value Investigations");
        assertEquals(Measure.TRADE_DEFENSE, c.measure());
        assertEquals(Stage.INVESTIGATING, c.stage());
        assertEquals("US", c.actor(), "less-than-fair-value is a US Commerce formula");
        assertEquals(List.of("BR", "IN", "IL", "MX", "KR", "ZA"), c.targets());
        assertEquals("CN", classify("China, Russia and Iran impose export bans on drones").actor(), "a list of actors stays one");
    }

    @Test
    void theOneAMeasureDefendsIsNotItsTarget() {
        // Federal Register 2024-08622 (the demo's): the rule is aimed at Iran and Russia, not at Israel.
        Classification c = classifier.classify("Export Control Measures Under the Export Administration Regulations (EAR) To "
                + "Address Iranian Aggression Against Israel and Military Support for Russia", "", "US");
        assertEquals(List.of("IR", "RU"), c.targets());
    }

    /** Corpus titles: traditional 對, the origin of goods (原產於) and Japanese 対 mark the one pressed, not the actor. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            商務部公告2025年第40號 公布對原產於加拿大的進口油菜籽反傾銷調查的初步裁定 | CA
            决定对原产于美国的汽车及零部件恢复加征关税 | US
            經濟部貿易調查委員會展開對日本進口H型鋼課徵反傾銷稅案產業損害調查工作 | JP
            対ロシア等制裁措置に伴う違法行為の取締りについて(依命通達) | RU
            """)
    void aChineseOrJapaneseObjectOrOriginIsATargetNotTheActor(String title, String target) {
        Classification c = classifier.classify(title, "", null);
        assertEquals(List.of(target), c.targets(), title + " " + c.evidence());
        assertNotEquals(target, c.actor(), title + " " + c.evidence());
    }

    @Test
    void anExportControlNamingNoDestinationAppliesToAll() {
        assertEquals(List.of("*"), classifier.classify("商务部公告2025年第61号 关于稀土出口管制有关事项的公告", "", "CN").targets());
        assertEquals(List.of("JP"), classifier.classify("商务部公告2026年第1号 关于加强两用物项对日本出口管制的公告", "", "CN").targets());
    }

    @Test
    void preliminaryDeterminationsInvestigateAndFinalOnesImpose() {
        assertEquals(Stage.INVESTIGATING, classify("Methionine From Japan: Preliminary Affirmative Determination of Sales at "
                + "Less Than Fair Value, Postponement of Final Determination").stage());
        assertEquals(Stage.IMPOSED, classify("Organic Soybean Meal From India: Final Affirmative Determination of Sales at "
                + "Less Than Fair Value").stage());
    }
}
