package chokepoint.deploy;

import chokepoint.config.SourceConfig;
import chokepoint.records.SourceState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sources list}: grouped by jurisdiction and publisher, each source with its windows and last find. */
class SourcesListingTest {

    private static SourceConfig source(String id, String jurisdiction, String publisher, List<String> windows) {
        return new SourceConfig(id, "rss", "https://" + id + ".example.org/feed", Duration.ofMinutes(30), jurisdiction, "en",
                Map.of(), null, null, null, null, null, null, null, null, null, null, null, publisher, null, windows, null);
    }

    @Test
    void groupsByJurisdictionAndPublisherWithWhenEachLastFoundSomething() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        List<SourceConfig> sources = List.of(
                source("us-fr-public-inspection", "US", "Federal Register", List.of("Mon-Fri 08:45-10:00")),
                source("cn-mfa", "CN", "Ministry of Foreign Affairs", List.of()),
                source("cn-mofcom", "CN", "Ministry of Commerce", List.of()),
                source("news-x", null, null, List.of()));
        SourceState found = SourceState.initial("cn-mofcom").succeeded(Instant.parse("2026-12-01T09:00:00Z"), 200, null, null, 2, 15);
        SourceState silent = SourceState.initial("cn-mfa").succeeded(Instant.parse("2026-12-01T09:00:00Z"), 200, null, null, 0, 8);
        String out = SourcesListing.render(sources, Map.of("cn-mofcom", found, "cn-mfa", silent), now);
        assertTrue(out.indexOf("CN\n") < out.indexOf("  Ministry of Commerce") && out.indexOf("  Ministry of Commerce") < out.indexOf("US\n")
                && out.indexOf("US\n") < out.indexOf("news\n"), out);
        assertTrue(out.contains("cn-mofcom") && out.contains("last found 2026-12-01T09:00:00Z (3h ago)"), out);
        assertTrue(out.contains("last found nothing yet"), "the ministry configured but silent shows: " + out);
        assertTrue(out.contains("windows: given: Mon-Fri 08:45-10:00 America/New_York"), out);
        assertTrue(out.contains("news-x.example.org"), "a source without publisher is grouped by its host: " + out);
        assertTrue(out.contains("us-fr-public-inspection") && out.contains("last found never polled"), out);
        assertTrue(SourcesListing.render(sources, null, now).contains("Kafka, which did not answer"));
    }
}
