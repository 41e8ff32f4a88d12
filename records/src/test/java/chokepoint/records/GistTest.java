package chokepoint.records;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * English gists of real titles (MOFCOM's export-control site: shared/corpora/sources/mofcom-exportcontrol-titles.jsonl;
 * METI and Rijksoverheid: meti-export-control-releases.jsonl, rijksoverheid-export-control-news.jsonl), with what the
 * classifier extracts from them.
 */
class GistTest {

    private static String gist(String title, Measure measure, Stage stage, String actor, List<String> targets, List<String> sectors) {
        return Gist.of(title, measure, stage, actor, targets, sectors, null);
    }

    @Test
    void aListingSaysWhoHowManyAndWhichList() {
        assertEquals("MOFCOM announcement 2026 No. 20: seven EU entities added to China's export-control control list",
                gist("商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单", Measure.SANCTION_LISTING, Stage.IMPOSED, "CN",
                        List.of("EU"), List.of()));
        assertEquals("MOFCOM announcement 2025 No. 21: 16 US entities added to China's export-control control list"
                        .replace("16", "sixteen"),
                gist("商务部公告2025年第21号 公布将16家美国实体列入出口管制管控名单", Measure.SANCTION_LISTING, Stage.IMPOSED, "CN",
                        List.of("US"), List.of()));
        assertEquals("Unreliable Entity List working mechanism announcement: six US companies added to China's Unreliable Entity List",
                gist("不可靠实体清单工作机制关于将护盾人工智能公司等6家美国企业列入不可靠实体清单的公告", Measure.SANCTION_LISTING,
                        Stage.IMPOSED, "CN", List.of("US"), List.of()));
    }

    @Test
    void countermeasuresAndExportControlsOnAllDestinations() {
        assertEquals("MOFCOM order 2025 No. 5: countermeasures against two EU financial institutions",
                gist("商务部令2025年第5号 关于对欧盟两家金融机构实施反制措施的决定", Measure.SANCTION_LISTING, Stage.IMPOSED, "CN",
                        List.of("EU"), List.of()));
        assertEquals("MOFCOM order 2026 No. 1: lifting of countermeasures against two EU financial institutions",
                gist("中华人民共和国商务部令二〇二六年第1号 关于取消对欧盟两家金融机构反制措施的决定", Measure.SANCTION_LISTING,
                        Stage.EASED, "CN", List.of("EU"), List.of()));
        assertEquals("MOFCOM and GAC (customs) announcement 2025 No. 57: export controls on holmium, erbium, thulium, "
                        + "europium, ytterbium and heavy rare earth elements, applying to all destinations",
                gist("商务部、海关总署公告2025年第57号 关于对钬、铒、铥、铕、镱等重稀土元素实施出口管制的公告", Measure.EXPORT_CONTROL,
                        Stage.IMPOSED, "CN", List.of("*"), List.of("rare-earths")));
        assertEquals("MOFCOM announcement 2026 No. 1: tightening of export controls on dual-use items for Japan",
                gist("商务部公告2026年第1号 关于加强两用物项对日本出口管制的公告", Measure.EXPORT_CONTROL, Stage.IMPOSED, "CN",
                        List.of("JP"), List.of()));
    }

    @Test
    void talkAboutAnActSaysSoAndWhatItIsAbout() {
        assertEquals("MOFCOM spokesperson answers journalists on seven EU entities added to China's export-control control list",
                gist("商务部新闻发言人就将7家欧盟实体列入出口管制管控名单答记者问", Measure.SANCTION_LISTING, Stage.IMPOSED, "CN",
                        List.of("EU"), List.of()));
        assertEquals("MOFCOM spokesperson answers journalists on no trade measure; about approval, general licences and rare earths",
                gist("商务部新闻发言人就已批准稀土部分通用许可申请答记者问", Measure.NONE, null, null, List.of(), List.of("rare-earths")));
    }

    @Test
    void japaneseAndDutchTitlesToo() {
        String meti = gist("輸出貿易管理令の一部を改正する政令が閣議決定されました", Measure.EXPORT_CONTROL, Stage.IMPOSED, "JP",
                List.of("*"), List.of());
        assertTrue(meti.startsWith("Cabinet"), meti);
        assertTrue(meti.contains("amendment of export controls"), meti);
        assertEquals("The Netherlands: tightening of export controls on advanced manufacturing equipment and semiconductors, "
                        + "applying to all destinations",
                gist("Klever: aanscherping exportcontrole op geavanceerde productieapparatuur voor halfgeleiders",
                        Measure.EXPORT_CONTROL, Stage.IMPOSED, "NL", List.of("*"), List.of("semiconductors")));
    }

    @Test
    void englishTitlesHaveNoneAndTheGistTravelsInTheJson() throws Exception {
        assertNull(gist("Additions to the Entity List", Measure.SANCTION_LISTING, Stage.IMPOSED, "US", List.of(), List.of()));
        Indicator indicator = new Indicator("e", "e", "cn-mofcom", "html", "http://exportcontrol.mofcom.gov.cn/e",
                "商务部公告2025年第61号 关于稀土出口管制有关事项的公告", Measure.EXPORT_CONTROL, Stage.IMPOSED, "CN", List.of("*"),
                List.of("rare-earths"), List.of(), List.of(), List.of("cn:mofcom:2025-61"), 7, List.of(), List.of(), "v1",
                List.of(), Instant.parse("2025-10-09T00:00:00Z"), Instant.parse("2025-10-09T00:00:00Z"), List.of(),
                List.of(new ActDate(ActDate.EFFECTIVE, LocalDate.of(2025, 12, 1))), null);
        String json = Json.MAPPER.writeValueAsString(indicator);
        assertTrue(json.contains("\"gist\":\"MOFCOM announcement 2025 No. 61: export controls on rare earths, applying to all "
                + "destinations, in force from 2025-12-01\""), json);
        assertEquals(indicator, Json.MAPPER.readValue(json, Indicator.class), "read back without it");
    }
}
