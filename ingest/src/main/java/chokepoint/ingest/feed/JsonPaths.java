package chokepoint.ingest.feed;

import com.fasterxml.jackson.databind.JsonNode;

/** A dotted path into JSON ({@code data.html}, {@code pageInfo.rows}); a missing step gives a missing node. */
final class JsonPaths {

    private JsonPaths() {
    }

    static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : path.split("\\.")) {
            node = node.path(step);
        }
        return node;
    }

    static String text(JsonNode record, String path) {
        if (path == null) {
            return null;
        }
        JsonNode node = at(record, path);
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
