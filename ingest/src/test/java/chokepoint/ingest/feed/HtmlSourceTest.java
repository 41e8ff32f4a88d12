package chokepoint.ingest.feed;

import chokepoint.config.SourceConfig;
import chokepoint.outbound.FetchResult;
import chokepoint.outbound.GuardedHttpClient;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An html source (MOFCOM's layout, recorded pages modelled on it) read with selectors kept as data. */
class HtmlSourceTest {

    private HttpServer server;
    private final AtomicInteger detailFetches = new AtomicInteger();
    private GuardedHttpClient http;
    private SourceConfig source;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve("/zwgk/zcfb/index.html", "listing-zh.html");
        serve("/zwgk/zcfb/art/2025/art_61.html", "art_61.html");
        serve("/zwgk/zcfb/art/2025/art_70.html", "art_70.html");
        serve("/policyrelease/index.shtml", "listing-en.html");
        serve("/policyrelease/announcement/202510/20251009.shtml", "en_61.html");
        server.start();
        String hostPort = "127.0.0.1:" + server.getAddress().getPort();
        http = new GuardedHttpClient(new chokepoint.outbound.OutboundSettings("Chokepoint-test", Duration.ofSeconds(2), Duration.ofSeconds(5),
                1 << 20, 5, List.of(hostPort), Duration.ZERO));
        source = new SourceConfig("cn-mofcom", "html", "http://" + hostPort + "/zwgk/zcfb/index.html", Duration.ofMinutes(30),
                "CN", "zh", Map.of("links", "ul.txtList_01 li a", "title", ".art-title h1", "body", ".art-con"));
    }

    private void serve(String path, String fixture) {
        server.createContext(path, exchange -> {
            if (path.contains("/art/")) {
                detailFetches.incrementAndGet();
            }
            try (InputStream in = getClass().getResourceAsStream("/mofcom/" + fixture)) {
                byte[] body = in.readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
    }

    @AfterEach
    void tearDown() {
        http.close();
        server.stop(0);
    }

    @Test
    void listingLinksLeadToDetailPagesReadWithTheSourcesSelectors() throws Exception {
        FetchResult listing = http.get(URI.create(source.url()), null, null);
        List<FeedEntry> entries = HtmlSource.read(source, listing, http, link -> false);
        assertEquals(2, entries.size(), "javascript: links are not followed");
        FeedEntry announcement61 = entries.get(1);
        assertEquals("商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定", announcement61.title());
        assertTrue(announcement61.html().contains("【发布文号】商务部公告2025年第61号"), announcement61.html());
        assertTrue(announcement61.html().contains("出口管制"));
        assertTrue(!announcement61.html().contains("分享"), "only the selected body, not the page around it");
        assertEquals(Instant.parse("2025-10-08T16:00:00Z"), announcement61.published(), "2025年10月09日 in UTC+8");
        assertTrue(announcement61.link().endsWith("/zwgk/zcfb/art/2025/art_61.html"));
        assertEquals("zh", announcement61.lang());
    }

    @Test
    void theEnglishSiteWithADateSelector() throws Exception {
        String base = source.url().replace("/zwgk/zcfb/index.html", "");
        SourceConfig english = new SourceConfig("cn-mofcom-en", "html", base + "/policyrelease/index.shtml",
                Duration.ofMinutes(30), "CN", "en", Map.of("links", "ul.txtList_01 li a", "title", ".art-title h1",
                "body", ".art-con", "date", ".art-date"));
        FetchResult listing = http.get(URI.create(english.url()), null, null);
        List<FeedEntry> entries = HtmlSource.read(english, listing, http, link -> false);
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).title().startsWith("MOFCOM Announcement No. 61 of 2025"));
        assertTrue(entries.get(0).html().contains("export controls on relevant overseas rare earth items"));
        assertEquals(Instant.parse("2025-10-08T16:00:00Z"), entries.get(0).published(), "2025-10-09 in UTC+8");
        assertEquals("en", entries.get(0).lang());
    }

    @Test
    void detailPagesAlreadyPublishedAreNotFetchedAgain() throws Exception {
        FetchResult listing = http.get(URI.create(source.url()), null, null);
        List<FeedEntry> entries = HtmlSource.read(source, listing, http, link -> link.endsWith("art_61.html"));
        assertEquals(1, entries.size());
        assertEquals(1, detailFetches.get(), "the known announcement's page was not fetched");
    }

    @Test
    void aChangedLayoutShowsAsEmptyFieldsNotAsACrash() throws Exception {
        SourceConfig moved = new SourceConfig(source.id(), "html", source.url(), source.interval(), "CN", "zh",
                Map.of("links", "ul.txtList_01 li a", "title", ".new-title", "body", ".new-body"));
        FetchResult listing = http.get(URI.create(source.url()), null, null);
        List<FeedEntry> entries = HtmlSource.read(moved, listing, http, link -> false);
        assertTrue(entries.stream().allMatch(e -> e.title().isEmpty() && e.html().isEmpty()),
                "entries without title or text are dropped by the poller, and the test on the recorded page fails");
    }
}
