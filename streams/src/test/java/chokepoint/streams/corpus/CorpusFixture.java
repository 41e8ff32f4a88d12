package chokepoint.streams.corpus;

import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small corpora for tests, made of real labelled items: the Federal Register notices of the shared development set
 * ({@code ../shared/corpora/eval/dev.jsonl}), written in the corpus format.
 */
final class CorpusFixture {

    static final Path DEV = Path.of("..", "..", "shared", "corpora", "eval", "dev.jsonl");

    private CorpusFixture() {
    }

    /** The development set's Federal Register notices as corpus items (us-official, labelled by the set's labellers). */
    static List<ObjectNode> federalRegister() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(DEV),
                "skipped: ../shared/corpora/eval/dev.jsonl is not beside the project");
        Path dev = DEV;
        List<ObjectNode> items = new ArrayList<>();
        for (String line : Files.readAllLines(dev, StandardCharsets.UTF_8)) {
            JsonNode node = Json.MAPPER.readTree(line);
            if (!"fr".equals(node.path("source").asText())) {
                continue;
            }
            ObjectNode item = Json.MAPPER.createObjectNode();
            item.put("id", node.path("id").asText());
            item.put("family", "us-official");
            item.put("publisher", "US Federal Register");
            item.put("lang", "en");
            item.put("date", node.path("date").asText());
            item.put("title", node.path("title").asText());
            item.put("text", node.path("text").asText());
            item.put("url", node.path("url").asText());
            item.put("jurisdiction", "US");
            item.put("provenance", "shared corpora eval/dev.jsonl");
            item.put("licence", "US government work, public domain");
            ObjectNode label = item.putObject("label");
            label.set("measure", node.path("label").path("measure"));
            label.set("stage", node.path("label").path("stage"));
            label.set("actor", node.path("label").path("actor"));
            label.set("targets", node.path("label").path("targets"));
            item.put("labelledBy", "source-label");
            item.put("why", "label of the shared development set");
            items.add(item);
        }
        return items;
    }

    static void write(Path root, String family, List<ObjectNode> items) throws IOException {
        Path file = root.resolve("items").resolve(family).resolve("fixture.jsonl");
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        for (ObjectNode item : items) {
            lines.add(Json.MAPPER.writeValueAsString(item));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
