package chokepoint.ingest.feed;

import chokepoint.records.Json;
import chokepoint.records.ListEntry;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list published whole, without changes (the US Consolidated Screening List's JSON): this snapshot's entries by
 * id, and the items that say what changed since the previous one: "Addition to the Entity List: NAME (CN)" and
 * "Removal from ...", which the classifier reads as listings imposed and eased.
 */
public final class ListSnapshot {

    private ListSnapshot() {
    }

    /** Entries by id. Accepts {@code {"results": [...]}} or a bare array; entries need an id and a name. */
    public static Map<String, ListEntry> parse(byte[] body) throws FeedParser.InvalidFeed {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new FeedParser.InvalidFeed("not a list snapshot (JSON): " + e.getMessage(), e);
        }
        JsonNode results = root == null ? null : root.isArray() ? root : root.get("results");
        if (results == null || !results.isArray()) {
            throw new FeedParser.InvalidFeed("list snapshot without results", null);
        }
        Map<String, ListEntry> entries = new LinkedHashMap<>();
        for (JsonNode entry : results) {
            String id = entry.path("id").asText(entry.path("entity_number").asText(""));
            String name = entry.path("name").asText("");
            if (id.isBlank() || name.isBlank()) {
                continue;
            }
            String country = entry.path("addresses").path(0).path("country").asText(entry.path("country").asText(null));
            String link = entry.path("source_information_url").asText(entry.path("source_list_url").asText(null));
            entries.put(id, new ListEntry(name, listName(entry.path("source").asText("the screening list")), country, link));
        }
        return entries;
    }

    /** "Entity List (EL) - Bureau of Industry and Security" → "Entity List". */
    static String listName(String source) {
        String name = source.replaceAll("\\s*\\([A-Z-]+\\).*$", "").replaceAll("\\s+-\\s+.*$", "").trim();
        return name.isEmpty() ? source : name;
    }

    /** Entries added and removed between two snapshots, as feed entries with a stable identity each. */
    public static List<FeedEntry> changes(Map<String, ListEntry> previous, Map<String, ListEntry> current, Instant now) {
        List<FeedEntry> changes = new ArrayList<>();
        current.forEach((id, entry) -> {
            if (!previous.containsKey(id)) {
                changes.add(change("added:" + id, "Addition to the " + entry.list() + ": " + describe(entry),
                        describe(entry) + " was added to the " + entry.list() + ".", entry, now));
            }
        });
        previous.forEach((id, entry) -> {
            if (!current.containsKey(id)) {
                changes.add(change("removed:" + id + ":" + now.toEpochMilli(), "Removal from the " + entry.list() + ": "
                        + describe(entry), describe(entry) + " was removed from the " + entry.list() + ".", entry, now));
            }
        });
        return changes;
    }

    private static String describe(ListEntry entry) {
        return entry.name() + (entry.country() == null || entry.country().isBlank() ? "" : " (" + entry.country() + ")");
    }

    private static FeedEntry change(String id, String title, String text, ListEntry entry, Instant now) {
        return FeedEntry.keyed(id, entry.link(), escape(title), escape(text), "en", now);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
