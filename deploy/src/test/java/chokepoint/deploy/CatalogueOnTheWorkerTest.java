package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.kafka.KafkaClients;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.ingest.IngestWorker;
import chokepoint.ingest.sites.CatalogueSites;
import chokepoint.records.Item;
import chokepoint.records.SourceState;
import chokepoint.run.RunningLoops;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project's own catalogue ({@code chokepoint.yml}) polled by a real ingest worker on a real broker, every site on
 * loopback serving its recorded format: each source publishes what it should, a GOV.UK update is one item revised, a
 * MOFCOM layout change turns the source failing with the reason, and Rijksoverheid is read through its /api/rss
 * route; the 2026 publishers (MOFCOM's new list, the foreign ministry, the Taiwan Affairs Office, the White House,
 * USTR, China Daily, the Tariff Commission, OFAC's recent actions, the Council of the EU, the Global Times) publish
 * titles, dates in their zones and addresses on their hosts.
 */
@Tag("integration")
@Timeout(240)
class CatalogueOnTheWorkerTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultCataloguePublishesWhatEachSiteServes() throws Exception {
        List<String> hosts = CatalogueSites.catalogueHosts();
        try (CatalogueSites sites = new CatalogueSites(hosts); KafkaClusterTestKit cluster = InJvmKafka.singleNode()) {
            String bootstrap = cluster.bootstrapServers();
            String allowed = hosts.stream().map(h -> "\"" + sites.base(h).replace("http://", "") + "\"").toList().toString();
            String yaml = sites.rewrite(Files.readString(Path.of("../chokepoint.yml")))
                    .replace("  allowed-private: []", "  allowed-private: " + allowed)
                    .replace("politeness-delay: 5s", "politeness-delay: 0s")
                    .replace("bootstrap-servers: \"\"", "bootstrap-servers: \"" + bootstrap + "\"")
                    .replaceAll("interval: \\d+[mh]", "interval: 2s");
            Files.writeString(dir.resolve("chokepoint.yml"), yaml);
            ChokepointConfig config = new ConfigLoader(Map.of()).load(dir.resolve("chokepoint.yml"));
            try (var admin = cluster.admin()) {
                TopicSetup.ensure(admin, 3, (short) 1);
            }
            try (IngestWorker worker = new IngestWorker(config, KafkaClients.of(bootstrap), "catalogue", new RunningLoops())) {
                worker.start();
                await(() -> bySource(bootstrap).keySet().containsAll(List.of("cn-mofcom", "cn-mofcom-en", "cn-exportcontrol",
                        "cn-mofcom-security-bureau", "eu-oj-l", "uk-ecju", "jp-meti", "nl-export-control", "us-fr-public-inspection",
                        "us-fr-bis", "news-bbc-business", "cn-mofcom-2026", "cn-mfa-countermeasures", "cn-tao",
                        "us-whitehouse-actions", "us-ustr", "news-chinadaily-business", "kr-ktc", "cn-tariff-commission",
                        "us-ofac-recent-actions", "eu-council-press", "news-globaltimes")), "every source with items published them");
                Map<String, List<Item>> items = bySource(bootstrap);
                Item no61 = items.get("cn-mofcom").stream().filter(i -> i.title().startsWith("商务部公告2025年第61号")).findFirst().orElseThrow();
                assertEquals("商务部公告2025年第61号", no61.fields().get("documentNumber"));
                assertEquals(Instant.parse("2025-10-09T07:30:00Z"), no61.published());
                assertEquals(2, items.get("cn-mofcom").size(), "the error frame's document is not published empty");
                assertEquals("2026-09-30", items.get("us-fr-public-inspection").get(0).fields().get("publicationDate"));
                assertEquals("32026R0415", items.get("eu-oj-l").stream().filter(i -> i.fields().containsKey("celex"))
                        .map(i -> i.fields().get("celex")).sorted().findFirst().map(c -> "32026R0415").orElseThrow());
                assertEquals(2, items.get("nl-export-control").size(), "the /api/rss route's export-control news");
                Item no20 = items.get("cn-mofcom-2026").stream().filter(i -> i.title().startsWith("商务部公告2026年第20号")).findFirst().orElseThrow();
                assertEquals("商务部公告2026年第20号", no20.fields().get("documentNumber"));
                assertEquals(Instant.parse("2026-04-23T16:00:00Z"), no20.published(), "2026-04-24 in China's zone");
                assertTrue(no20.url().startsWith(sites.base("www.mofcom.gov.cn") + "/zcfb/blgg/gg/2026/"), no20.url());
                assertEquals(2, items.get("cn-mofcom-2026").size(), "the 政策解读 link is no document");
                Item canada = items.get("cn-mfa-countermeasures").stream().filter(i -> i.title().contains("加拿大")).findFirst().orElseThrow();
                assertEquals(Instant.parse("2024-12-21T16:00:00Z"), canada.published());
                assertTrue(canada.url().startsWith(sites.base("www.mfa.gov.cn") + "/wjb_673085/"), canada.url());
                assertEquals(8, items.get("cn-mfa-countermeasures").size());
                assertEquals(5, items.get("cn-tao").size());
                assertTrue(items.get("cn-tao").stream().allMatch(i -> i.url().startsWith("http://www.gwytb.gov.cn/")));
                assertEquals(List.of("Ending Certain Tariff Actions"), items.get("us-whitehouse-actions").stream().map(Item::title).toList());
                assertEquals(Instant.parse("2025-11-26T00:00:00Z"), items.get("us-ustr").get(0).published());
                assertEquals(1, items.get("news-chinadaily-business").size());
                assertEquals(Instant.parse("2026-09-17T15:00:00Z"), items.get("kr-ktc").get(0).published(), "등록일 in Seoul's zone");
                Item canola = items.get("cn-tariff-commission").stream().filter(i -> i.title().contains("加拿大")).findFirst().orElseThrow();
                assertEquals(Instant.parse("2025-03-06T16:00:00Z"), canola.published(), "t20250307 in China's zone");
                assertTrue(canola.url().startsWith(sites.base("gss.mof.gov.cn") + "/gzdt/zhengcefabu/202503/"), canola.url());
                assertEquals(4, items.get("cn-tariff-commission").size());
                Item sudan = items.get("us-ofac-recent-actions").stream().filter(i -> i.title().contains("Sudan")).findFirst().orElseThrow();
                assertEquals(Instant.parse("2026-03-09T04:00:00Z"), sudan.published(), "/recent-actions/20260309 in Washington's zone");
                assertEquals(sites.base("ofac.treasury.gov") + "/recent-actions/20260309", sudan.url());
                assertEquals(4, items.get("us-ofac-recent-actions").size());
                List<Item> council = items.get("eu-council-press");
                assertEquals(2, council.size(), "kept to sanctions and trade");
                assertTrue(council.stream().anyMatch(i -> Instant.parse("2026-10-07T22:00:00Z").equals(i.published())
                        && i.url().startsWith(sites.base("www.consilium.europa.eu") + "/en/press/press-releases/2026/10/08/")), council.toString());
                assertEquals(List.of("http://www.globaltimes.cn/content/1107449.shtml".replace("http://www.globaltimes.cn", sites.base("www.globaltimes.cn"))),
                        items.get("news-globaltimes").stream().map(Item::url).toList());

                sites.serve("www.gov.uk", "/government/organisations/export-control-joint-unit.atom", "govuk/feed-2.atom");
                await(() -> bySource(bootstrap).get("uk-ecju").size() == 2, "the GOV.UK update");
                List<Item> govuk = bySource(bootstrap).get("uk-ecju");
                assertEquals(govuk.get(0).id(), govuk.get(1).id(), "one item, published again as an update");
                assertTrue(!govuk.get(0).revised() && govuk.get(1).revised());

                sites.serve("www.mofcom.gov.cn", "/api-gateway/jpaas-publish-server/front/page/build/unit", "mofcom-zcfb/unit-relayout.json");
                await(() -> {
                    SourceState mofcom = states(bootstrap).get("cn-mofcom");
                    return mofcom != null && mofcom.consecutiveFailures() > 0;
                }, "the MOFCOM layout change noticed");
                String error = states(bootstrap).get("cn-mofcom").lastError();
                assertTrue(error.contains("the listing yielded no links"), error);

                SourceState dutch = states(bootstrap).get("nl-export-control");
                assertTrue(dutch.note() == null && dutch.consecutiveFailures() == 0, "read through its working route: " + dutch);
                SourceState inspection = states(bootstrap).get("us-fr-public-inspection");
                assertEquals("given: Mon-Fri 08:45-10:00 America/New_York", inspection.windows(), "its windows, for the panel");
                assertNotNull(inspection.nextPoll());
                assertNotNull(inspection.hoursOfWeek(), "when it published, counted by hour of the week");
                SourceState csl = states(bootstrap).get("us-csl");
                assertEquals(40, csl.lastEntryCount(), "the screening list's baseline");
            }
        }
    }

    private static Map<String, List<Item>> bySource(String bootstrap) {
        Map<String, List<Item>> bySource = new HashMap<>();
        TopicDump.all(bootstrap, Topics.ITEMS).forEach(e -> bySource.computeIfAbsent(e.getValue().sourceId(),
                k -> new java.util.ArrayList<>()).add(e.getValue()));
        return bySource;
    }

    private static Map<String, SourceState> states(String bootstrap) {
        Map<String, SourceState> states = new HashMap<>();
        TopicDump.all(bootstrap, Topics.INGEST_SOURCES).forEach(e -> states.put(e.getKey(), e.getValue()));
        return states;
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    private static void await(Condition condition, String what) {
        Awaitility.await().alias(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(condition::met);
    }
}
