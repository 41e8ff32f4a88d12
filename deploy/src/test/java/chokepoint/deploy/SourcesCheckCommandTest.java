package chokepoint.deploy;

import chokepoint.ingest.sites.CatalogueSites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./chokepoint sources check}: on every default source's saved answer ({@code --file}, {@code --detail}), and
 * live against the loopback copies of the sites, as an operator runs it when a site changes.
 */
class SourcesCheckCommandTest {

    @TempDir
    Path dir;

    private record Run(int status, String out) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int status = new CommandLine(new Chokepoint()).execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    private Path fixture(String path) throws Exception {
        Path file = dir.resolve(path.replace('/', '_'));
        Files.write(file, CatalogueSites.resource(path));
        return file;
    }

    @Test
    void everyDefaultSourceReadsItsSavedAnswer() throws Exception {
        Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        expected.put("cn-mofcom mofcom-zcfb/unit.json", List.of("3 listed", "商务部公告2025年第61号 公布对境外相关稀土物项实施出口管制的决定",
                "identifiers [cn:mofcom:2025-61]", "2025-10-08T16:00:00Z"));
        expected.put("cn-mofcom-en mofcom-en/AnnouncementsOrders.html", List.of("1 listed", "MOFCOM Announcement No. 61 of 2025"));
        expected.put("cn-exportcontrol exportcontrol/getColumnList.json", List.of("2 listed", "7家欧盟实体", "2026-04-26T02:00:00Z"));
        expected.put("cn-mofcom-security-bureau aqygzj/unit.json", List.of("1 listed", "20家日本实体"));
        expected.put("eu-oj-l eur-lex/feed.rss", List.of("Council Regulation (EU) 2026/415", "celex=32026R0415", "identifiers [celex:32026R0415]"));
        expected.put("uk-ecju govuk/feed-1.atom", List.of("Notice to exporters 2026/03"));
        expected.put("jp-meti meti/feed.atom", List.of("輸出貿易管理令の一部を改正する政令が閣議決定されました", "2025-11-11T01:00:00Z"));
        expected.put("nl-export-control rijksoverheid/api-rss.xml", List.of("2 listed, 2 item(s)", "Klever: aanscherping exportcontrole"));
        expected.put("nl-export-control rijksoverheid/sitemap.xml", List.of("2 listed, 1 item(s)", "exportcontrole", "read as the fallback news-sitemap"));
        expected.put("cn-mofcom-2026 mofcom-2026/index.html", List.of("2 listed", "商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单",
                "identifiers [cn:mofcom:2026-20]", "/zcfb/blgg/gg/2026/art/2026/art_d909592ea44b40148f244cb233773d4f.html",
                "/zwgk/zcfb/art/2026/art_b5159a773124428a9813884015d1b8b3.html"));
        expected.put("us-fr-public-inspection federal-register-public-inspection-current.json",
                List.of("Meetings; Sunshine Act", "publicationDate=2026-09-30", "2026-09-28T15:15:00Z"));
        expected.put("us-fr-bis ../federal-register/search-newest-page-one.json", List.of("documentNumber="));
        expected.put("cn-mfa-countermeasures mfa/fzcqdcs.html", List.of("8 listed, 8 item(s)", "关于对加拿大机构及人员采取反制措施的决定",
                "2024-12-21T16:00:00Z", "/fzcqdcs/202412/t20241222_11514801.shtml"));
        expected.put("cn-tao tao/cjtdwgfz.html", List.of("5 listed", "“台独”顽固分子", "http://www.gwytb.gov.cn/xwdt/zwyw/202208/t20220816_12462610.htm"));
        expected.put("us-whitehouse-actions whitehouse/feed.xml", List.of("3 listed, 1 item(s)", "Ending Certain Tariff Actions", "2026-02-20T00:00:00Z"));
        expected.put("us-ustr ustr/rss.xml", List.of("Section 301", "2025-11-26T00:00:00Z"));
        expected.put("news-chinadaily-business chinadaily/business_rss.xml", List.of("strategic mineral smuggling", "2025-05-08T16:00:00Z"));
        expected.put("kr-ktc ktc/reportNewsList.html", List.of("1 listed", "중국산 H형강, 봉강 덤핑조사 판정", "/boardView.do?bbs_id=00002167"));
        expected.put("cn-tariff-commission mof-gss/zhengcefabu.html", List.of("4 listed, 4 item(s)", "from the listing, as the worker reads this source",
                "2025-03-06T16:00:00Z  国务院关税税则委员会关于对原产于加拿大的部分进口商品加征关税的公告",
                "https://gss.mof.gov.cn/gzdt/zhengcefabu/202503/t20250307_3959523.htm", "TARIFF IMPOSED actor CN"));
        expected.put("us-ofac-recent-actions ofac/recent-actions.html", List.of("4 listed, 4 item(s)",
                "2026-03-09T04:00:00Z  Counter Terrorism Designations; Sudan-related Designation Update",
                "https://ofac.treasury.gov/recent-actions/20260309"));
        expected.put("eu-council-press consilium/pressreleases.xml", List.of("3 listed, 2 item(s)",
                "2026-10-07T22:00:00Z  Russia's hybrid activities: Council prolongs restrictive measures until October 2027",
                "https://www.consilium.europa.eu/en/press/press-releases/2026/10/08/", "SANCTION_LISTING IMPOSED actor EU"));
        expected.put("news-globaltimes globaltimes/outbrain.xml", List.of("2 listed, 1 item(s)",
                "2018-06-18T16:00:00Z  China to adopt strong countermeasure if US imposes additional tariffs on Chinese goods",
                "http://www.globaltimes.cn/content/1107449.shtml"));
        expected.put("us-csl csl/snapshot-2.json", List.of("41 entries", "Entry of the Entity List"));
        expected.put("news-bbc-business bbc/rss.xml", List.of("rare earth magnets"));
        Path catalogue = Path.of("../chokepoint.yml");
        for (Map.Entry<String, List<String>> source : expected.entrySet()) {
            String[] idAndFile = source.getKey().split(" ");
            Run run = run("sources", "check", "--config", catalogue.toString(), idAndFile[0], "--file", fixture(idAndFile[1]).toString());
            assertEquals(0, run.status(), run.out());
            for (String part : source.getValue()) {
                assertTrue(run.out().contains(part), idAndFile[0] + ": expected '" + part + "' in\n" + run.out());
            }
        }
    }

    @Test
    void aSavedDocumentPageIsReadAsTheWorkerReadsIt() throws Exception {
        Run run = run("sources", "check", "--config", "../chokepoint.yml", "cn-mofcom", "--detail", fixture("mofcom-zcfb/art_70.html").toString());
        assertEquals(0, run.status(), run.out());
        assertTrue(run.out().contains("商务部公告2025年第70号") && run.out().contains("documentNumber=商务部公告2025年第70号"), run.out());
        Run frame = run("sources", "check", "--config", "../chokepoint.yml", "cn-exportcontrol", "--detail",
                fixture("exportcontrol/error-frame.html").toString());
        assertEquals(1, frame.status());
        assertTrue(frame.out().contains("FAILING: the server sent its error frame"), frame.out());
    }

    @Test
    void liveChecksReachTheSitesAndNameAFailingOne() throws Exception {
        try (CatalogueSites sites = new CatalogueSites(CatalogueSites.catalogueHosts())) {
            Path config = dir.resolve("live.yml");
            List<String> allowed = CatalogueSites.catalogueHosts().stream().map(h -> "\"" + sites.base(h).replace("http://", "") + "\"").toList();
            Files.writeString(config, sites.rewrite(Files.readString(Path.of("../chokepoint.yml")))
                    .replace("  allowed-private: []", "  allowed-private: " + allowed).replace("politeness-delay: 5s", "politeness-delay: 0s"));
            Run all = run("sources", "check", "--config", config.toString(), "cn-mofcom", "cn-exportcontrol", "eu-oj-l", "nl-export-control");
            assertEquals(0, all.status(), all.out());
            assertTrue(all.out().contains("商务部公告2025年第70号") && all.out().contains("Klever: aanscherping exportcontrole"), all.out());
            sites.serve("www.mofcom.gov.cn", "/api-gateway/jpaas-publish-server/front/page/build/unit", "mofcom-zcfb/unit-relayout.json");
            Run broken = run("sources", "check", "--config", config.toString(), "cn-mofcom");
            assertEquals(1, broken.status(), broken.out());
            assertTrue(broken.out().contains("FAILING: the listing yielded no links"), broken.out());
        }
    }
}
