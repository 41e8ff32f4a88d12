package chokepoint.ingest.feed;

import chokepoint.config.SourceConfig;
import chokepoint.records.Item;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Links as marketing mail and newsletters really write them (each found in public repositories' text through the
 * search tool: find_string ids 8170641191 (_hsenc/_hsmi of a HubSpot newsletter), 24863999858 (a Marketo mkt_tok),
 * 29484146168 (utm_* with mkt_tok); BBC's at_* from its feeds): the story behind each is one item however it is tagged.
 */
class TrackingParametersTest {

    private static final Instant FETCHED = Instant.parse("2026-12-01T12:00:00Z");
    private static final SourceConfig NEWS = new SourceConfig("news-x", "rss", "https://x.org/feed", Duration.ofMinutes(15), null, "en");
    private final ItemNormalizer normalizer = new ItemNormalizer();

    private Item item(SourceConfig source, String link) {
        return normalizer.normalize(source, new FeedEntry(null, null, link, "One story", "Its text", null, FETCHED, null), FETCHED);
    }

    @Test
    void theMaintainedListIsLoaded() {
        assertTrue(TrackingParameters.known().size() > 700, "ClearURLs' global and provider rules");
    }

    @Test
    void hubSpotAndMarketoTagsAreDroppedBeforeIdentity() {
        String hubspot = "https://www.therobotreport.com/civdrone-disrupt-construction-workflows/?utm_campaign=The%20Batch"
                + "&utm_source=hs_email&utm_medium=email&utm_content=77292076&_hsenc=p2ANqtz-8wnDkftYh9yYEu5NBRT2-vBShPpXQuAl4Y77Oo25PtTjm_OSNCu-ajGt_TvFbdL5aO_DetLu6x44QumwclucM2G9cVRw&_hsmi=77292076";
        String hubspotNextMail = "https://www.therobotreport.com/civdrone-disrupt-construction-workflows/?utm_campaign=The%20Batch"
                + "&utm_source=hs_email&utm_medium=email&utm_content=83602348&_hsenc=p2ANqtz-8DcgUdDF--k3tWOmhM51lm28wHerZxlXKoGNU6hIu2P4Fj-RuEuciKtbWZZdWmvBg7KGeI44FWUrmpHdZIbAM-pUicgg&_hsmi=83602348";
        assertEquals("https://www.therobotreport.com/civdrone-disrupt-construction-workflows/", item(NEWS, hubspot).url());
        assertEquals(item(NEWS, hubspot).id(), item(NEWS, hubspotNextMail).id(), "another mailing's tags, the same item");

        String marketo = "https://www.thousandeyes.com/webinars/network-device-monitoring?utm_source=Marketo&utm_medium=Email"
                + "&utm_campaign=NA_Q3FY18_All_All_DeviceLayerLaunch_ProspectEmail&mkt_tok=eyJpIjoiWkRJNU56VXlaamxqTXpZNCIsInQiOiJOTk90VE12WFwvaVwvWnc3Wit6Qk03bnplbUtQOEVMbkF0UzcrWGZscktON09hT2VYUkJcL0xpdnViem9Ma2lsSm1XKzV1c1ZcL1krc3dXKzBlR0NTSGRlTzhYMWtPQVk3a0J0QTVHQzhwdVwvSFJGY0VBSTdWdlpz";
        assertEquals("https://www.thousandeyes.com/webinars/network-device-monitoring", item(NEWS, marketo).url());
    }

    @Test
    void parametersThatNameTheDocumentStay() {
        String digikey = "https://www.digikey.ch/de/products/detail/io-audio-technologies/IO-XLR3-F-BK-JL/9931876?utm_medium=email"
                + "&utm_source=oce&utm_campaign=3310_OCE22RT&utm_content=productdetail_CH&utm_cid=2810983&so=77266672"
                + "&mkt_tok=MDI4LVNYSy01MDcAAAGGKx5X-HDcarS_ruBmnKWKpxIese1S9GCRG7lqfPfHUW9KqgBviaJrJAY1bjBeIsqEbKU92uOSf8uz0bQxkbWcfBJK0YsdKF1KgsAVkEQ4";
        assertEquals("https://www.digikey.ch/de/products/detail/io-audio-technologies/IO-XLR3-F-BK-JL/9931876?so=77266672",
                item(NEWS, digikey).url());
        String celex = "https://eur-lex.europa.eu/legal-content/AUTO/?uri=CELEX:32026R0415";
        assertEquals(celex, item(NEWS, celex + "&utm_source=rss").url());
        String rijksoverheid = "https://www.rijksoverheid.nl/api/rss?query=%7B%22content_type%22%3A%22pro%3AnewsDocument%22%7D";
        assertEquals(rijksoverheid, item(NEWS, rijksoverheid).url());
    }

    @Test
    void aSourceAddsItsOwn() {
        String bbc = "https://www.bbc.co.uk/news/articles/c0rare1magnet?at_medium=RSS&at_campaign=rss";
        // ClearURLs knows BBC's at_* on bbc.com only; the source says it for bbc.co.uk.
        assertEquals(bbc, item(NEWS, bbc).url());
        SourceConfig bbcSource = new SourceConfig("news-bbc-business", "rss", "https://feeds.bbci.co.uk/news/business/rss.xml",
                Duration.ofMinutes(15), null, "en", java.util.Map.of(), null, null, null, null, null, null, null, null, null, null,
                List.of("at_[a-z_]+"), null, null, null, null);
        assertEquals("https://www.bbc.co.uk/news/articles/c0rare1magnet", item(bbcSource, bbc).url());
        assertEquals("https://www.bbc.com/news/articles/c0rare1magnet",
                item(NEWS, "https://www.bbc.com/news/articles/c0rare1magnet?at_medium=RSS&at_campaign=KARANGA&xtor=AL-72").url());
        assertNotEquals(item(NEWS, bbc).id(), item(bbcSource, bbc).id(), "identity is per source");
    }
}
