package chokepoint.ingest.feed;

import chokepoint.config.ListingSpec;
import chokepoint.config.SourceConfig;
import chokepoint.outbound.FetchResult;
import chokepoint.outbound.Urls;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Days read from addresses: one group of eight digits, or groups that join into eight; nothing else. */
class LinkDatesTest {

    @Test
    void oneGroupOrGroupsJoined() {
        assertEquals("2024-12-22", LinkDates.day("/t(\\d{8})_", "https://www.mfa.gov.cn/x/202412/t20241222_11514801.shtml"));
        assertEquals("2026-03-09", LinkDates.day("/recent-actions/(\\d{8})", "https://ofac.treasury.gov/recent-actions/20260309_33"));
        assertEquals("2026-10-08", LinkDates.day("/press-releases/(\\d{4})/(\\d{2})/(\\d{2})/",
                "https://www.consilium.europa.eu/en/press/press-releases/2026/10/08/some-title/"));
    }

    @Test
    void noMatchOrNotEightDigitsIsNoDay() {
        assertNull(LinkDates.day("/t(\\d{8})_", "https://www.mfa.gov.cn/x/index.shtml"));
        assertNull(LinkDates.day("/(\\d{4})/(\\d{2})/", "https://x.org/2026/10/"), "six digits name no day");
        assertNull(LinkDates.day(null, "https://x.org/t20241222_1.shtml"));
        assertNull(LinkDates.day("/t(\\d{8})_", null));
    }

    @Test
    void aListingDateInAFormNotKnownGivesWayToTheAddress() throws Exception {
        ListingSpec spec = new ListingSpec(null, null, null, null, null, null, "html", null, null, "li a", "span", null, true,
                "/t(\\d{8})_");
        SourceConfig source = new SourceConfig("s", "html", "https://gss.mof.gov.cn/gzdt/zhengcefabu/", Duration.ofHours(1), "CN", "zh",
                Map.of(), spec, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        String page = "<ul><li><a href=\"./202503/t20250307_3959523.htm\">a</a><span>三月七日</span></li>"
                + "<li><a href=\"./202503/t20250304_3959228.htm\">b</a><span>2025-03-05</span></li></ul>";
        List<HtmlSource.Listed> listed = HtmlSource.listing(source, new FetchResult(200, page.getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8", null, null, Urls.parse(source.url())));
        assertEquals("2025-03-07", listed.get(0).date(), "an unreadable span: the address's day");
        assertEquals("2025-03-05", listed.get(1).date(), "a readable span comes first");
    }
}
