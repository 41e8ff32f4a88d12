package chokepoint.streams.corpus;

import chokepoint.records.Json;
import chokepoint.records.JsonLines;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The labelled corpus as read from its folder: every {@code items/<family>/*.jsonl} line, in a fixed order (files by
 * path, lines in order), and what could not be read. Reading is lenient: a line that is JSON but breaks the format
 * becomes an item with what it has, so that the validator names every problem at once.
 */
public record Corpus(Path root, List<CorpusItem> items, List<String> unreadable) {

    /** The families the corpus is divided in (and split within). */
    public static final List<String> FAMILIES =
            List.of("cn-official", "eu-official", "us-official", "other-official", "news", "decoy");

    public static Corpus load(Path root) {
        Path itemsDir = root.resolve("items");
        List<CorpusItem> items = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        if (!Files.isDirectory(itemsDir)) {
            return new Corpus(root, List.of(), List.of());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(itemsDir)) {
            files = walk.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + itemsDir, e);
        }
        for (Path file : files) {
            String name = root.relativize(file).toString().replace('\\', '/');
            try {
                JsonLines.read(file, (line, number) -> {
                    try {
                        items.add(parse(Json.MAPPER.readTree(line), name, number));
                    } catch (IOException | RuntimeException e) {
                        unreadable.add(name + ":" + number + ": not a JSON object (" + firstLine(e.getMessage()) + ")");
                    }
                });
            } catch (IOException e) {
                unreadable.add(name + ": cannot read (" + e.getMessage() + ")");
            }
        }
        return new Corpus(root, List.copyOf(items), List.copyOf(unreadable));
    }

    /** The items by id (ids are unique in a valid corpus; of two with one id, the later one). */
    public Map<String, CorpusItem> byId() {
        Map<String, CorpusItem> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        return byId;
    }

    static CorpusItem parse(JsonNode node, String file, int line) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not an object");
        }
        JsonNode label = node.path("label");
        CorpusItem.Label parsed = null;
        if (label.isObject()) {
            List<String> targets = new ArrayList<>();
            label.path("targets").forEach(t -> targets.add(t.asText()));
            parsed = new CorpusItem.Label(enumOrNull(Measure.class, label.path("measure")),
                    enumOrNull(Stage.class, label.path("stage")), text(label, "actor"), targets);
        }
        return new CorpusItem(text(node, "id"), text(node, "family"), text(node, "publisher"), text(node, "lang"),
                text(node, "date"), text(node, "title"), text(node, "text"), text(node, "url"), text(node, "jurisdiction"),
                text(node, "doctype"), text(node, "provenance"), text(node, "licence"), parsed, text(node, "labelledBy"),
                text(node, "why"), file, line);
    }

    /** An enum value, or null when absent; a word outside the vocabulary fails the line with that word. */
    private static <E extends Enum<E>> E enumOrNull(Class<E> type, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return Enum.valueOf(type, node.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + node.asText() + "' is not a " + type.getSimpleName().toLowerCase());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }
}
