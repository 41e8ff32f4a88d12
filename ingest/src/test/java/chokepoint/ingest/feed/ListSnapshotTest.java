package chokepoint.ingest.feed;

import chokepoint.records.ListEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ListSnapshotTest {

    private static byte[] fixture(String name) throws Exception {
        return ListSnapshotTest.class.getResourceAsStream("/csl/" + name).readAllBytes();
    }

    @Test
    void snapshotsDifferByAnAdditionAndARemoval() throws Exception {
        Map<String, ListEntry> first = ListSnapshot.parse(fixture("snapshot-1.json"));
        Map<String, ListEntry> second = ListSnapshot.parse(fixture("snapshot-2.json"));
        assertEquals(new ListEntry("Example Photonics Co., Ltd.", "Entity List", "CN", "https://www.bis.doc.gov/entity-list"),
                first.get("el-1001"));
        assertEquals("Specially Designated Nationals", first.get("sdn-2002").list());
        List<FeedEntry> changes = ListSnapshot.changes(first, second, Instant.parse("2025-10-09T00:00:00Z"));
        assertEquals(List.of("Addition to the Entity List: Demo Rare Earth Magnetics (CN)",
                "Removal from the Specially Designated Nationals: Example Shipping LLC (AE)"),
                changes.stream().map(FeedEntry::title).toList());
        assertEquals("added:el-1004", changes.get(0).key());
    }

    @Test
    void somethingElseIsAClearError() {
        assertThrows(FeedParser.InvalidFeed.class, () -> ListSnapshot.parse("<html/>".getBytes()));
        assertThrows(FeedParser.InvalidFeed.class, () -> ListSnapshot.parse("{\"error\": 1}".getBytes()));
    }
}
