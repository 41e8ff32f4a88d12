package chokepoint.ingest.feed;

import chokepoint.records.Json;
import chokepoint.records.ListEntry;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A list published whole, without changes (the US Consolidated Screening List's JSON, about 34 MB): this snapshot's
 * entries by identity, and the items that say what changed since the previous one: "Addition to the Entity List: NAME
 * (CN)" and "Removal from ...", which the classifier reads as listings imposed and eased.
 * <p>
 * The snapshot is read as a stream, one entry at a time, so memory holds the entries, never the document. An entry is
 * known by what identifies it (its list, name, addresses and programs), not by the list's generated {@code id}: that
 * scheme changed once (40 hex characters in 2020, 56 in 2026), which would have turned the whole list into removals and
 * additions.
 */
public final class ListSnapshot {

    /** Keys of this scheme start with it; keys without it are from the generated-id scheme of earlier versions. */
    public static final String KEY_SCHEME = "k2:";

    private ListSnapshot() {
    }

    /** Entries by identity. Accepts {@code {"results": [...]}} or a bare array; entries need a name. */
    public static Map<String, ListEntry> parse(byte[] body) throws FeedParser.InvalidFeed {
        try {
            return read(new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw new FeedParser.InvalidFeed("not a list snapshot (JSON): " + e.getMessage(), e);
        }
    }

    /** The same from a stream: the entries are read one by one as they arrive. */
    public static Map<String, ListEntry> read(InputStream in) throws IOException, FeedParser.InvalidFeed {
        Map<String, ListEntry> entries = new LinkedHashMap<>();
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(in)) {
            if (!toResults(parser)) {
                throw new FeedParser.InvalidFeed("list snapshot without results", null);
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode entry = parser.readValueAsTree();
                String name = entry.path("name").asText("").strip();
                if (name.isEmpty()) {
                    continue;
                }
                String country = entry.path("addresses").path(0).path("country").asText(entry.path("country").asText(null));
                String link = entry.path("source_information_url").asText(entry.path("source_list_url").asText(null));
                String list = listName(entry.path("source").asText("the screening list"));
                entries.put(key(list, name, entry), new ListEntry(name, list, country, link));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FeedParser.InvalidFeed("not a list snapshot (JSON): " + e.getOriginalMessage(), e);
        }
        return entries;
    }

    /** Moves the parser to the start of the entries: the root array, or the array under {@code results}. */
    private static boolean toResults(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == JsonToken.START_ARRAY) {
            return true;
        }
        if (first != JsonToken.START_OBJECT) {
            return false;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("results") && value == JsonToken.START_ARRAY) {
                return true;
            }
            parser.skipChildren();
        }
        return false;
    }

    /** What identifies an entry: its list, its name, its addresses and its programs, normalised. */
    static String key(String list, String name, JsonNode entry) {
        TreeSet<String> addresses = new TreeSet<>();
        for (JsonNode address : entry.path("addresses")) {
            addresses.add(normal(address.path("address").asText("") + "|" + address.path("city").asText("") + "|"
                    + address.path("country").asText("")));
        }
        TreeSet<String> programs = new TreeSet<>();
        for (JsonNode program : entry.path("programs")) {
            programs.add(normal(program.asText("")));
        }
        String identity = normal(list) + "\n" + normal(name) + "\n" + String.join(";", addresses) + "\n" + String.join(";", programs);
        return KEY_SCHEME + sha256(identity).substring(0, 32);
    }

    private static String normal(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
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

    /** A short print of a change set, the same for the same additions and removals: do two snapshots agree? */
    public static String fingerprint(Map<String, ListEntry> previous, Map<String, ListEntry> current) {
        StringBuilder keys = new StringBuilder();
        new TreeSet<>(current.keySet()).stream().filter(k -> !previous.containsKey(k)).forEach(k -> keys.append('+').append(k));
        new TreeSet<>(previous.keySet()).stream().filter(k -> !current.containsKey(k)).forEach(k -> keys.append('-').append(k));
        return sha256(keys.toString()).substring(0, 16);
    }

    private static String describe(ListEntry entry) {
        return entry.name() + (entry.country() == null || entry.country().isBlank() ? "" : " (" + entry.country() + ")");
    }

    private static FeedEntry change(String id, String title, String text, ListEntry entry, Instant now) {
        return FeedEntry.keyed(id, entry.link(), HtmlSource.escape(title), HtmlSource.escape(text), "en", now);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
