package chokepoint.ingest.sites;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.SourceConfig;
import chokepoint.ingest.IngestWorker;
import chokepoint.ingest.feed.FeedEntry;
import chokepoint.ingest.feed.FeedParser;
import chokepoint.ingest.feed.ItemNormalizer;
import chokepoint.ingest.feed.ListSnapshot;
import chokepoint.ingest.feed.Reading;
import chokepoint.ingest.feed.SourceReader;
import chokepoint.outbound.FetchRefused;
import chokepoint.outbound.GuardedHttpClient;
import chokepoint.records.Item;
import chokepoint.records.SourceState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every source of the project's own {@code chokepoint.yml}, read as configured from fixtures in each site's real
 * format ({@code src/test/resources/sites}, provenance in its README): the titles, dates, links and fields an item
 * gets. What the worker then publishes is {@code SourcesOnTheWorkerTest}'s (deploy).
 */
class DefaultCatalogueTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    @TempDir
    static Path dir;
    private static CatalogueSites sites;
    private static ChokepointConfig config;
    private static GuardedHttpClient http;

    @BeforeAll
    static void start() throws Exception {
        sites = new CatalogueSites(CatalogueSites.catalogueHosts());
        config = sites.catalogue(dir);
        http = new GuardedHttpClient(IngestWorker.outbound(config.ingest()));
    }

    @AfterAll
    static void stop() {
        http.close();
        sites.close();
    }

    private static List<Item> items(String id) throws Exception {
        SourceConfig source = CatalogueSites.source(config, id);
        Reading reading = new SourceReader(http).read(source, SourceState.initial(id), NOW, link -> false);
        return new ItemNormalizer().normalizeAll(source, reading.entries(), NOW);
    }

    private static Item titled(List<Item> items, String part) {
        return items.stream().filter(i -> i.title().contains(part)).findFirst()
                .orElseThrow(() -> new AssertionError("no item titled '" + part + "' in " + items.stream().map(Item::title).toList()));
    }

    @Test
    void mofcomPolicyReleasesComeThroughTheJsonListingWithTheirHeaderBlock() throws Exception {
        List<Item> items = items("cn-mofcom");
        assertEquals(2, items.size(), "two readable pages; the third answered the error frame: " + items.stream().map(Item::title).toList());
        Item no61 = titled(items, "2025年第61号");
        assertEquals("商务部公告2025年第61号 公布对境外相关稀土物项实施出口管制的决定", no61.title());
        assertEquals(Instant.parse("2025-10-09T07:30:00Z"), no61.published(), "PubDate 2025-10-09 15:30 in China's zone");
        assertTrue(no61.url().endsWith("/zwgk/zcfb/art/2025/art_6f1c2d3e4a5b4c6d8e9f0a1b2c3d4e5f.html"), no61.url());
        assertEquals(Map.of("issuer", "商务部", "documentNumber", "商务部公告2025年第61号", "issued", "2025年10月09日"), no61.fields());
        assertTrue(no61.text().contains("自2025年12月1日起正式实施"), no61.text());
        assertTrue(no61.text().contains("【发布文号】商务部公告2025年第61号"), "the number is in the text the identifiers are read from");
        Item no70 = titled(items, "2025年第70号");
        assertTrue(no70.text().contains("暂停实施至2026年11月10日"), "GB18030 bytes under a gb2312 meta charset: " + no70.text());
        assertEquals("商务部公告2025年第70号", no70.fields().get("documentNumber"));
        CatalogueSites.Request unit = sites.requests("www.mofcom.gov.cn").stream()
                .filter(r -> r.path().endsWith("/front/page/build/unit")).findFirst().orElseThrow();
        assertTrue(unit.query().contains("webId=8f43c7ad3afc411fb56f281724b73708") && unit.query().contains("pageId=fc8bdff48fa345a48b651c1285b70b8f")
                && unit.query().contains("paramJson="), "parameters read from the page's queryData: " + unit.query());
        assertTrue(unit.headers().getOrDefault("referer", "").endsWith("/zwgk/zcfb/index.html"), "the listing page as Referer");
    }

    @Test
    void aMofcomLayoutChangeFailsTheSourceInsteadOfFindingNothing() throws Exception {
        sites.serve("www.mofcom.gov.cn", "/api-gateway/jpaas-publish-server/front/page/build/unit", "mofcom-zcfb/unit-relayout.json");
        try {
            FeedParser.InvalidFeed failing = assertThrows(FeedParser.InvalidFeed.class, () -> items("cn-mofcom"));
            assertTrue(failing.getMessage().contains("no links") && failing.getMessage().contains("ul.txtList_01 li a"), failing.getMessage());
        } finally {
            sites.serve("www.mofcom.gov.cn", "/api-gateway/jpaas-publish-server/front/page/build/unit", "mofcom-zcfb/unit.json");
        }
    }

    @Test
    void mofcomEnglishAnnouncements() throws Exception {
        Item item = titled(items("cn-mofcom-en"), "Announcement No. 61 of 2025");
        assertEquals(Instant.parse("2025-10-09T11:20:00Z"), item.published());
        assertEquals("en", item.lang());
    }

    @Test
    void theExportControlSitesPostListingAndScriptVariablePages() throws Exception {
        List<Item> items = items("cn-exportcontrol");
        Item eu = titled(items, "7家欧盟实体");
        assertEquals(Instant.parse("2026-04-26T02:00:00Z"), eu.published(), "var publishTime = '2026-04-26 10:00:00' in China's zone");
        assertTrue(eu.text().contains("出口管制管控名单"));
        assertTrue(eu.url().endsWith("/article/zcfg/gnzcfg/gzjgfxwj/202605/1283.html"), eu.url());
        titled(items, "不可靠实体清单");
        CatalogueSites.Request post = sites.requests("exportcontrol.mofcom.gov.cn").stream()
                .filter(r -> r.path().endsWith("getColumnList")).findFirst().orElseThrow();
        assertEquals("POST", post.method());
        assertTrue(post.body().contains("columnID=9") && post.body().contains("pageNumber=1"), post.body());
        assertEquals("XMLHttpRequest", post.headers().get("x-requested-with"));
    }

    @Test
    void theSecurityBureausDesignations() throws Exception {
        Item item = titled(items("cn-mofcom-security-bureau"), "20家日本实体");
        assertEquals("商务部公告2026年第11号", item.fields().get("documentNumber"));
    }

    @Test
    void eurLexTitlesLoseTheirCelexPrefixWhichBecomesAField() throws Exception {
        Item act = titled(items("eu-oj-l"), "restrictive measures");
        assertTrue(act.title().startsWith("Council Regulation (EU) 2026/415"), act.title());
        assertEquals("32026R0415", act.fields().get("celex"));
        assertTrue(act.url().endsWith("/legal-content/AUTO/?uri=CELEX:32026R0415") && !act.url().contains("/./"), act.url());
        assertTrue(act.text().contains("CELEX 32026R0415"), "an empty description gives the number as text: " + act.text());
    }

    @Test
    void eurLexAnsweringWithItsChallengePageIsSaidSo() throws Exception {
        sites.serve("eur-lex.europa.eu", "/EN/display-feed.rss", "eur-lex/challenge.html");
        try {
            FeedParser.InvalidFeed failing = assertThrows(FeedParser.InvalidFeed.class, () -> items("eu-oj-l"));
            assertTrue(failing.getMessage().contains("HTML page where a feed was expected"), failing.getMessage());
        } finally {
            sites.serve("eur-lex.europa.eu", "/EN/display-feed.rss", "eur-lex/feed.rss");
        }
    }

    @Test
    void govUkUpdatesKeepTheirIdentity() throws Exception {
        Item first = items("uk-ecju").get(0);
        sites.serve("www.gov.uk", "/government/organisations/export-control-joint-unit.atom", "govuk/feed-2.atom");
        try {
            Item updated = items("uk-ecju").get(0);
            assertEquals(first.id(), updated.id(), "a new Atom id (#timestamp), the same link: the same item");
            assertTrue(!first.contentHash().equals(updated.contentHash()), "changed");
        } finally {
            sites.serve("www.gov.uk", "/government/organisations/export-control-joint-unit.atom", "govuk/feed-1.atom");
        }
    }

    @Test
    void metiReleasesInJapanese() throws Exception {
        Item item = titled(items("jp-meti"), "輸出貿易管理令");
        assertEquals(Instant.parse("2025-11-11T01:00:00Z"), item.published());
        assertTrue(item.text().contains("外国為替及び外国貿易法"));
    }

    @Test
    void rijksoverheidIsReadThroughItsNewRssRoute() throws Exception {
        List<Item> items = items("nl-export-control");
        Item klever = titled(items, "Klever: aanscherping exportcontrole");
        assertEquals(Instant.parse("2025-01-14T23:00:00Z"), klever.published());
        assertTrue(klever.url().endsWith("/actueel/nieuws/2025/01/15/klever-aanscherping-exportcontrole-op-geavanceerde-productieapparatuur-voor-halfgeleiders"));
        CatalogueSites.Request request = sites.requests("www.rijksoverheid.nl").stream()
                .filter(r -> r.path().equals("/api/rss")).findFirst().orElseThrow();
        assertTrue(java.net.URLDecoder.decode(request.query(), java.nio.charset.StandardCharsets.UTF_8)
                .contains("\"resultSearchTerm\":\"exportcontrole\""), request.query());
    }

    @Test
    void rijksoverheidFallsBackWhenTheNameNoLongerResolves() throws Exception {
        // The old feed's host stopped resolving in 2026 (a failed name lookup, not a 404); .invalid never resolves.
        SourceConfig old = CatalogueSites.source(config, "nl-export-control")
                .withUrl("https://feeds.rijksoverheid.nl.invalid/onderwerpen/exportcontrole-strategische-goederen/nieuws.rss");
        FetchRefused gone = assertThrows(FetchRefused.class,
                () -> new SourceReader(http).read(old, SourceState.initial(old.id()), NOW, link -> false));
        assertTrue(gone.isNameNotFound(), gone.getMessage());
        Reading fallback = new SourceReader(http).readWithFallback(old, SourceState.initial(old.id()), NOW, link -> false);
        assertTrue(fallback.note().contains("does not resolve") && fallback.note().contains("news-sitemap"), fallback.note());
        assertEquals(2, fallback.entryCount());
        List<FeedEntry> kept = fallback.entries();
        assertEquals(1, kept.size(), "the filter keeps the export-control news, not the nuclear plant: " + kept);
        assertTrue(kept.get(0).title().startsWith("Klever: aanscherping exportcontrole"));
    }

    @Test
    void mofcomsPolicyListOf2026WithAbsoluteAndRelativeLinks() throws Exception {
        List<Item> items = items("cn-mofcom-2026");
        assertEquals(2, items.size(), "two documents; the 政策解读 link is not a third: " + items.stream().map(Item::title).toList());
        Item eu = titled(items, "7家欧盟实体");
        assertEquals("商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单", eu.title());
        assertTrue(eu.url().endsWith("/zcfb/blgg/gg/2026/art/2026/art_d909592ea44b40148f244cb233773d4f.html")
                && eu.url().startsWith(sites.base("www.mofcom.gov.cn")), "an absolute http:// link, on the site's host: " + eu.url());
        assertEquals(Instant.parse("2026-04-23T16:00:00Z"), eu.published(), "PubDate 2026-04-24 in China's zone");
        assertEquals(Map.of("issuer", "商务部", "documentNumber", "商务部公告2026年第20号", "issued", "2026年4月24日"), eu.fields());
        Item japan = titled(items, "20家日本实体");
        assertTrue(japan.url().endsWith("/zwgk/zcfb/art/2026/art_b5159a773124428a9813884015d1b8b3.html")
                && japan.url().startsWith(sites.base("www.mofcom.gov.cn")), "a relative link resolved on the listing's host: " + japan.url());
        assertEquals("商务部公告2026年第11号", japan.fields().get("documentNumber"));
        assertTrue(sites.requests("www.mofcom.gov.cn").stream().noneMatch(r -> r.path().startsWith("/zcjd/")),
                "the explanation page is not fetched as a document");
    }

    @Test
    void publicInspectionIsDatedByFiledAtAndKeepsItsPublicationDay() throws Exception {
        Item item = items("us-fr-public-inspection").get(0);
        assertEquals("Meetings; Sunshine Act", item.title(), "trailing spaces trimmed");
        assertEquals(Instant.parse("2026-09-28T15:15:00Z"), item.published(), "filed_at 2026-09-28T11:15:00.000-04:00");
        assertEquals("2026-09-30", item.fields().get("publicationDate"));
        CatalogueSites.Request request = sites.requests("www.federalregister.gov").stream()
                .filter(r -> r.path().endsWith("current.json")).findFirst().orElseThrow();
        assertTrue(request.query() != null && request.query().startsWith("_="), "a cache-busting query: " + request.query());
    }

    @Test
    void federalRegisterDocuments() throws Exception {
        List<Item> items = items("us-fr-bis");
        assertTrue(items.size() >= 2);
        assertTrue(items.get(0).fields().containsKey("documentNumber"));
    }

    @Test
    void bbcBusinessNews() throws Exception {
        Item item = titled(items("news-bbc-business"), "rare earth magnets");
        assertEquals("https://www.bbc.co.uk/news/articles/c0rare1magnet", item.url(), "its at_* tags dropped (strip-parameters)");
    }

    @Test
    void theForeignMinistrysCountermeasureDecisionsFromItsColumn() throws Exception {
        List<Item> items = items("cn-mfa-countermeasures");
        assertEquals(8, items.size(), items.stream().map(Item::title).toList().toString());
        Item canada = titled(items, "加拿大机构及人员");
        assertEquals("关于对加拿大机构及人员采取反制措施的决定", canada.title());
        assertEquals(Instant.parse("2024-12-21T16:00:00Z"), canada.published(), "t20241222 in its address, in China's zone");
        assertTrue(canada.url().startsWith(sites.base("www.mfa.gov.cn") + "/wjb_673085/zfxxgk_674865/gknrlb/fzcqdcs/202412/"), canada.url());
        assertEquals("CN", canada.jurisdiction());
        assertEquals(1, sites.requests("www.mfa.gov.cn").size(), "the column alone: no decision page fetched");
    }

    @Test
    void theTaiwanAffairsOfficesHubInGb18030() throws Exception {
        List<Item> items = items("cn-tao");
        assertEquals(5, items.size(), items.stream().map(Item::title).toList().toString());
        Item sanction = titled(items, "受权宣布");
        assertEquals("中共中央台办发言人受权宣布对列入清单的一批“台独”顽固分子等人员实施制裁", sanction.title(), "GB18030 bytes read");
        assertEquals("http://www.gwytb.gov.cn/xwdt/zwyw/202208/t20220816_12462610.htm", sanction.url(), "absolute, on the office's host");
        assertEquals(Instant.parse("2022-08-15T16:00:00Z"), sanction.published());
    }

    @Test
    void presidentialActionsKeptToTrade() throws Exception {
        List<Item> items = items("us-whitehouse-actions");
        assertEquals(List.of("Ending Certain Tariff Actions"), items.stream().map(Item::title).toList(), "AI and cyber orders filtered out");
        Item tariffs = items.get(0);
        assertEquals(Instant.parse("2026-02-20T00:00:00Z"), tariffs.published());
        assertTrue(tariffs.url().startsWith(sites.base("www.whitehouse.gov") + "/presidential-actions/2026/02/ending-certain-tariff-actions"), tariffs.url());
        assertEquals("US", tariffs.jurisdiction());
    }

    @Test
    void ustrPressReleases() throws Exception {
        Item item = titled(items("us-ustr"), "Section 301");
        assertEquals(Instant.parse("2025-11-26T00:00:00Z"), item.published());
        assertTrue(item.url().startsWith(sites.base("ustr.gov") + "/about/policy-offices/press-office/press-releases/2025/november/"), item.url());
        assertTrue(item.text().startsWith("Today, the Office of the United States Trade Representative"));
    }

    @Test
    void chinaDailyBusinessKeptToTrade() throws Exception {
        Item item = titled(items("news-chinadaily-business"), "strategic mineral smuggling");
        assertEquals(Instant.parse("2025-05-08T16:00:00Z"), item.published(), "+0800");
        assertNull(item.jurisdiction(), "news: the actor comes from the text");
    }

    @Test
    void koreasTradeCommissionThroughItsPostListingDatedByItsPage() throws Exception {
        Item item = titled(items("kr-ktc"), "H형강");
        assertEquals("중국산 H형강, 봉강 덤핑조사 판정", item.title(), "the listing's title: the page shows none");
        assertEquals(Instant.parse("2026-09-17T15:00:00Z"), item.published(), "등록일 2026-09-18 in Seoul's zone");
        assertTrue(item.url().startsWith(sites.base("www.ktc.go.kr") + "/boardView.do?bbs_id=00002167"), item.url());
        assertEquals("KR", item.jurisdiction());
        CatalogueSites.Request list = sites.requests("www.ktc.go.kr").stream().filter(r -> r.path().equals("/reportNewsList.do"))
                .findFirst().orElseThrow();
        assertEquals("POST", list.method());
        assertTrue(list.body().contains("menuId=57") && list.body().contains("pageIndex=1"), list.body());
    }

    @Test
    void theTariffCommissionsAnnouncementsDatedByTheirAddresses() throws Exception {
        List<Item> items = items("cn-tariff-commission");
        assertEquals(4, items.size(), items.stream().map(Item::title).toList().toString());
        Item canada = titled(items, "原产于加拿大");
        assertEquals("国务院关税税则委员会关于对原产于加拿大的部分进口商品加征关税的公告", canada.title(), "the anchor's title attribute");
        assertEquals(Instant.parse("2025-03-06T16:00:00Z"), canada.published(), "t20250307 in its address, in China's zone");
        assertEquals(sites.base("gss.mof.gov.cn") + "/gzdt/zhengcefabu/202503/t20250307_3959523.htm", canada.url(),
                "a relative ./202503/… link resolved on the column's host");
        assertEquals("CN", canada.jurisdiction());
        assertEquals(1, sites.requests("gss.mof.gov.cn").size(), "the column alone: no announcement page fetched");
    }

    @Test
    void ofacsRecentActionsDatedByTheirAddresses() throws Exception {
        List<Item> items = items("us-ofac-recent-actions");
        assertEquals(List.of("Counter Terrorism Designations", "Issuance of Amended Russia-related General License",
                "Counter Terrorism Designations; Sudan-related Designation Update", "Cyber-related Designation Removal"),
                items.stream().map(Item::title).toList());
        Item sudan = titled(items, "Sudan-related");
        assertEquals(Instant.parse("2026-03-09T04:00:00Z"), sudan.published(), "/recent-actions/20260309, midnight in Washington (EDT)");
        assertEquals(sites.base("ofac.treasury.gov") + "/recent-actions/20260309", sudan.url(), "a root-relative link on OFAC's host");
        assertEquals(Instant.parse("2025-03-21T04:00:00Z"), titled(items, "Removal").published());
        assertEquals("US", sudan.jurisdiction());
    }

    @Test
    void theCouncilsPressReleasesDatedByTheirAddressesKeptToSanctionsAndTrade() throws Exception {
        List<Item> items = items("eu-council-press");
        assertEquals(2, items.size(), "the AI omnibus filtered out: " + items.stream().map(Item::title).toList());
        Item hybrid = titled(items, "hybrid activities");
        assertEquals("Russia's hybrid activities: Council prolongs restrictive measures until October 2027", hybrid.title());
        assertEquals(Instant.parse("2026-10-07T22:00:00Z"), hybrid.published(), "/2026/10/08/ in its address, in Brussels (CEST)");
        assertTrue(hybrid.url().startsWith(sites.base("www.consilium.europa.eu") + "/en/press/press-releases/2026/10/08/"), hybrid.url());
        assertEquals("EU", hybrid.jurisdiction());
        assertEquals(Instant.parse("2026-09-02T22:00:00Z"), titled(items, "EU customs").published());
    }

    @Test
    void theGlobalTimesKeptToTrade() throws Exception {
        List<Item> items = items("news-globaltimes");
        assertEquals(List.of("China to adopt strong countermeasure if US imposes additional tariffs on Chinese goods"),
                items.stream().map(Item::title).toList(), "the students' warning filtered out");
        Item item = items.get(0);
        assertEquals(Instant.parse("2018-06-18T16:00:00Z"), item.published(), "+0800");
        assertEquals(sites.base("www.globaltimes.cn") + "/content/1107449.shtml", item.url());
        assertEquals("", item.text(), "the feed gives titles only");
        assertNull(item.jurisdiction(), "news: the actor comes from the text");
    }

    @Test
    void theScreeningListIsReadWholeAndKeyedByWhatIdentifiesEachEntry() throws Exception {
        byte[] first = CatalogueSites.resource("csl/snapshot-2.json");
        byte[] newIds = CatalogueSites.resource("csl/snapshot-new-ids.json");
        assertEquals(ListSnapshot.parse(first).keySet(), ListSnapshot.parse(newIds).keySet(),
                "a change of the generated id scheme (40 → 56 characters) changes no entry");
        SourceConfig csl = CatalogueSites.source(config, "us-csl");
        assertEquals(67_108_864L, csl.maxBodyBytes());
        assertEquals(0.05, csl.effectiveMassChange());
        assertNull(csl.cacheBust());
    }
}
