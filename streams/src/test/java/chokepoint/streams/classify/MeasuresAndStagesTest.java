package chokepoint.streams.classify;

import chokepoint.records.Measure;
import chokepoint.records.Stage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One case per measure and stage, in English and Simplified Chinese, with the actor expected. */
class MeasuresAndStagesTest {

    private static final Classifier CLASSIFIER = new Classifier(RuleSet.bundled(), Clock.systemUTC());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            China imposes export controls on gallium and germanium                              | EXPORT_CONTROL               | IMPOSED       | CN
            Japan plans to tighten export controls on chipmaking equipment to China             | EXPORT_CONTROL               | THREATENED    | JP
            China suspends the export controls on rare earths for one year                      | EXPORT_CONTROL               | EASED         | CN
            商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定                        | EXPORT_CONTROL               | IMPOSED       | CN
            商务部 海关总署公告2025年第70号 关于暂停实施第61号公告的公告 出口管制                  | EXPORT_CONTROL               | EASED         | CN
            Indonesia: Introduction of an export ban on nickel ore                              | EXPORT_CONTROL               | IMPOSED       | ID
            Malaysia: Abolished an export licensing requirement on wooden furniture             | EXPORT_CONTROL               | EASED         | MY
            Mexico: Increase of the sugar export quota to the US for the 2021-2022 period       | EXPORT_CONTROL               | EASED         | MX
            Indonesia: Increased Export Tax on Palm Oil                                         | EXPORT_CONTROL               | IMPOSED       | ID
            Bangladesh: Increased remittance allowance for foreigners in Bangladesh             | SERVICES_FINANCE_RESTRICTION | EASED         | BD
            Indonesia: Mandatory domestic sale of 20% of palm oil exports                       | EXPORT_CONTROL               | IMPOSED       | ID
            Oman: Ministry of Labour restricts sales jobs to Omani nationals                    | SERVICES_FINANCE_RESTRICTION | IMPOSED       | OM
            Tunisia: Customs Authority bans the export of milk                                  | EXPORT_CONTROL               | IMPOSED       | TN
            United Kingdom: Safeguard duty on imports of certain steel products                 | TRADE_DEFENSE                | IMPOSED       | GB
            U.S. weighs new curbs on chip exports to China                                      | EXPORT_CONTROL               | THREATENED    | US
            China bans imports of Japanese seafood                                              | IMPORT_RESTRICTION           | IMPOSED       | CN
            中国海关总署 暂停进口日本水产品                                                      | IMPORT_RESTRICTION           | IMPOSED       | CN
            U.S. warns it may impose tariffs on Japanese chips                                  | TARIFF                       | THREATENED    | US
            国务院关税税则委员会 对原产于美国的进口商品加征关税                                  | TARIFF                       | IMPOSED       | CN
            South Korea announces tariff cuts on 50 goods                                       | TARIFF                       | EASED         | KR
            Aluminum Foil From China: Initiation of Less-Than-Fair-Value Investigation          | TRADE_DEFENSE                | INVESTIGATING | US
            商务部对原产于欧盟的进口白兰地发起反倾销立案调查                                      | TRADE_DEFENSE                | INVESTIGATING | CN
            Certain Steel Nails From Oman: Preliminary Results of Antidumping Duty Administrative Review | TRADE_DEFENSE       | PROCEDURAL    |
            Continuation of Antidumping Duty Order on Steel Wire From Mexico                    | TRADE_DEFENSE                | IMPOSED       | US
            EU: Higher trigger prices for poultry meat from Brazil (December 2021)              | TRADE_DEFENSE                | IMPOSED       | EU
            Indonesia: Letters of credit as mandatory payment method for certain goods          | SERVICES_FINANCE_RESTRICTION | IMPOSED       | ID
            Ukraine: The National Bank of Ukraine increased the payment deadline for export-import operations | SERVICES_FINANCE_RESTRICTION | EASED | UA
            Introduction of a minimum import price on steel wire rod                           | IMPORT_RESTRICTION           | IMPOSED       |
            Taiwan to relax import curbs on 400 more foreign goods                             | IMPORT_RESTRICTION           | EASED         | TW
            Strengthening Buy-American Preferences for Infrastructure Projects                  | SERVICES_FINANCE_RESTRICTION | IMPOSED       | US
            China to tighten import controls on luxury cars                                     | IMPORT_RESTRICTION           | IMPOSED       | CN
            Certain Toner Supply Containers and Components Thereof (II); Notice of Request for Submissions on the Public Interest | IMPORT_RESTRICTION | INVESTIGATING |
            Certain Road Milling Machines and Components Thereof; Commission Determination Finding a Violation of Section 337; Request for Written Submissions on Remedy, the Public Interest, and Bonding | IMPORT_RESTRICTION | INVESTIGATING | US
            Ferrovanadium From China and South Africa; Institution of Five-Year Reviews         | TRADE_DEFENSE                | PROCEDURAL    | US
            Vertical Shaft Engines From China; Institution of Anti-Dumping and Countervailing Duty Investigations and Scheduling of Preliminary Phase Investigations | TRADE_DEFENSE | INVESTIGATING | US
            Initiation of Five-Year (Sunset) Reviews                                            | TRADE_DEFENSE                | PROCEDURAL    |
            In the Matter of: Resit Tavan, Umraniye-Istanbul 34764; Order Denying Export Privileges | SANCTION_LISTING         | IMPOSED       | US
            Additions to the Entity List                                                        | SANCTION_LISTING             | IMPOSED       | US
            Removal of Certain Entities From the Entity List                                    | SANCTION_LISTING             | EASED         | US
            商务部 不可靠实体清单工作机制 关于将美国企业列入不可靠实体清单的公告                   | SANCTION_LISTING             | IMPOSED       | CN
            Treasury sanctions Russian banks over Ukraine war                                   | SANCTION_LISTING             | IMPOSED       | US
            Germany blocks acquisition of chip firm by Chinese investor                        | INVESTMENT_RESTRICTION       | IMPOSED       | DE
            Federal Acquisition Regulation: Prohibition on Contracting for Certain Telecommunications Equipment | SERVICES_FINANCE_RESTRICTION | IMPOSED | US
            China urges consumer boycott of Lithuanian goods                                    | INFORMAL_PRESSURE            | THREATENED    | CN
            Japan's trade surplus widened in March                                              | NONE                         |               |
            EU and Japan agree trade pact                                                       | NONE                         |               |
            """)
    void classifies(String title, Measure measure, Stage stage, String actor) {
        Classification c = CLASSIFIER.classify(title, "", null);
        assertEquals(measure, c.measure(), "measure of: " + title + " evidence " + c.evidence());
        assertEquals(stage, c.stage(), "stage of: " + title + " evidence " + c.evidence());
        assertEquals(actor, c.actor(), "actor of: " + title + " evidence " + c.evidence());
    }
}
