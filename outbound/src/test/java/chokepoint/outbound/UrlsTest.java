package chokepoint.outbound;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UrlsTest {

    @Test
    void charactersBrowsersAcceptAreEncoded() throws Exception {
        assertEquals("https://www.mofcom.gov.cn/a%20b/%E5%85%AC%E5%91%8A.html?x=%7C1%7D",
                Urls.parse("https://www.mofcom.gov.cn/a b/公告.html?x=|1}").toString());
    }

    @Test
    void existingEscapesAndIpv6HostsAreKept() throws Exception {
        assertEquals("http://[::1]:8080/a%20b/%5B1%5D", Urls.parse("http://[::1]:8080/a%20b/[1]").toString());
    }

    @Test
    void aSecondHashIsPartOfTheFragment() throws Exception {
        assertEquals("x#y", Urls.parse("https://example.org/#x#y").getRawFragment().replace("%23", "#"));
    }

    @Test
    void relativeReferencesResolve() throws Exception {
        assertEquals(URI.create("https://example.org/zwgk/art/2025/a%20b.html"),
                Urls.resolve(URI.create("https://example.org/zwgk/index.html"), "art/2025/a b.html"));
    }

    @Test
    void whatIsNoUrlIsRefusedPermanently() {
        FetchRefused refused = assertThrows(FetchRefused.class, () -> Urls.parse("http://[not-an-address/"));
        assertEquals(true, refused.isPermanent());
    }
}
