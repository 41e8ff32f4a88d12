package chokepoint.ingest.feed;

import chokepoint.records.ListEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListSnapshotTest {

    private static byte[] fixture(String name) throws Exception {
        return ListSnapshotTest.class.getResourceAsStream("/csl/" + name).readAllBytes();
    }

    @Test
    void snapshotsDifferByAnAdditionAndARemoval() throws Exception {
        Map<String, ListEntry> first = ListSnapshot.parse(fixture("snapshot-1.json"));
        Map<String, ListEntry> second = ListSnapshot.parse(fixture("snapshot-2.json"));
        assertTrue(first.containsValue(new ListEntry("Example Photonics Co., Ltd.", "Entity List", "CN",
                "https://www.bis.doc.gov/entity-list")));
        assertTrue(first.values().stream().anyMatch(e -> e.list().equals("Specially Designated Nationals")));
        assertTrue(first.keySet().stream().allMatch(k -> k.startsWith(ListSnapshot.KEY_SCHEME)), "keyed by identity, not by id");
        List<FeedEntry> changes = ListSnapshot.changes(first, second, Instant.parse("2025-10-09T00:00:00Z"));
        assertEquals(List.of("Addition to the Entity List: Demo Rare Earth Magnetics (CN)",
                "Removal from the Specially Designated Nationals: Example Shipping LLC (AE)"),
                changes.stream().map(FeedEntry::title).toList());
        assertTrue(changes.get(0).key().startsWith("added:" + ListSnapshot.KEY_SCHEME), changes.get(0).key());
    }

    @Test
    void somethingElseIsAClearError() {
        assertThrows(FeedParser.InvalidFeed.class, () -> ListSnapshot.parse("<html/>".getBytes()));
        assertThrows(FeedParser.InvalidFeed.class, () -> ListSnapshot.parse("{\"error\": 1}".getBytes()));
    }
}
