package chokepoint.ingest.feed;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Federal Register adapter on real API payloads (test resources {@code federal-register/}, provenance there). */
class FederalRegisterAdapterTest {

    private static final Path FIXTURES = Path.of("src/test/resources/federal-register");
    private final FederalRegisterAdapter adapter = new FederalRegisterAdapter();

    @Test
    void searchPageGivesOneEntryPerDocumentWithItsNumberDateAndAgencies() throws Exception {
        List<FeedEntry> entries = adapter.parse(Files.readAllBytes(FIXTURES.resolve("search-newest-page-one.json")), "application/json");
        assertEquals(2, entries.size());
        FeedEntry first = entries.get(0);
        assertEquals("fr:2024-31440", first.key());
        assertEquals("Combined Notice of Filings #1", first.title());
        assertEquals("https://www.federalregister.gov/documents/2024/12/31/2024-31440/combined-notice-of-filings-1", first.link());
        assertEquals("2024-12-31T11:00:00Z", first.published().toString(), "6:00 Eastern on the publication date");
        assertTrue(first.html().contains("Agencies: Energy Department; Federal Energy Regulatory Commission."), first.html());
    }

    @Test
    void singleDocumentPayloadIsOneEntry() throws Exception {
        List<FeedEntry> entries = adapter.parse(Files.readAllBytes(FIXTURES.resolve("regulatory-document.json")), "application/json");
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).key().startsWith("fr:"));
        assertTrue(!entries.get(0).title().isBlank());
    }

    @Test
    void correctionsKeepTheirOwnDocumentNumbers() throws Exception {
        List<FeedEntry> entries = adapter.parse(Files.readAllBytes(FIXTURES.resolve("executive-order.json")), "application/json");
        assertEquals(List.of("fr:C1-2014-25788", "fr:C1-2013-20465"), entries.stream().map(FeedEntry::key).toList());
        FeedEntry first = entries.get(0);
        assertEquals("2014-25788", first.fields().get("correctionOf"), "tied to the document it corrects");
        assertTrue(first.html().contains("Correction of FR Doc. 2014-25788."), "in the words the classifier reads: " + first.html());
    }

    @Test
    void theDocumentTypeIsKeptAsAField() throws Exception {
        FeedEntry first = adapter.parse(Files.readAllBytes(FIXTURES.resolve("search-newest-page-one.json")), "application/json").get(0);
        assertTrue(List.of("Rule", "Proposed Rule", "Notice", "Presidential Document").contains(first.fields().get("documentType")),
                first.fields().toString());
    }

    @Test
    void somethingElseIsAClearErrorForThatSourceOnly() {
        assertThrows(FeedParser.InvalidFeed.class, () -> adapter.parse("<html>maintenance</html>".getBytes(StandardCharsets.UTF_8), "text/html"));
        assertThrows(FeedParser.InvalidFeed.class, () -> adapter.parse("{\"errors\": [\"bad filter\"]}".getBytes(StandardCharsets.UTF_8), "application/json"));
    }
}
