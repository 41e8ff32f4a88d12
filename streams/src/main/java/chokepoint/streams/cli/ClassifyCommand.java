package chokepoint.streams.cli;

import chokepoint.records.Json;
import chokepoint.streams.classify.Classification;
import chokepoint.streams.classify.Classifier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * {@code ./chokepoint classify}: JSON Lines in, one JSON line out per input line, in order, as specified in
 * {@code classification.md}. A bad line yields {@code {"id":..., "error":...}} and the next line is read. Lines are
 * classified on every core at once and written in the order they came, each as soon as it and those before it are done.
 */
public final class ClassifyCommand {

    /** Lines read ahead per thread: enough to keep every thread busy, few enough to bound the memory. */
    private static final int AHEAD_PER_THREAD = 64;

    private final Classifier classifier;
    private final int threads;
    private final ObjectMapper mapper = Json.MAPPER;

    public ClassifyCommand(Classifier classifier) {
        this(classifier, Runtime.getRuntime().availableProcessors());
    }

    /** @param threads how many lines are classified at once (1: one after the other, on the calling thread) */
    public ClassifyCommand(Classifier classifier, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.classifier = classifier;
        this.threads = threads;
    }

    /** @return the exit status: 0, or 1 when standard input cannot be read */
    public int run(InputStream in, OutputStream out, PrintStream err) {
        PrintStream writer = new PrintStream(out, false, StandardCharsets.UTF_8);
        try (BufferedInputStream input = new BufferedInputStream(in, 1 << 16)) {
            if (threads == 1) {
                byte[] line;
                while ((line = readLine(input)) != null) {
                    writer.println(classifyLine(line));
                }
            } else {
                new OrderedLines(threads, AHEAD_PER_THREAD * threads).run(() -> readLine(input), this::classifyLine,
                        writer);
            }
        } catch (IOException e) {
            writer.flush();
            err.println("classify: cannot read standard input: " + e.getMessage());
            return 1;
        }
        writer.flush();
        return 0;
    }

    String classifyLine(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return error(null, "line is not valid UTF-8");
        }
        if (text.isBlank()) {
            return error(null, "empty line");
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (IOException e) {
            return error(null, "not JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            return error(null, "not a JSON object");
        }
        JsonNode id = node.get("id");
        JsonNode title = node.get("title");
        JsonNode body = node.get("text");
        if ((title == null || title.isNull()) && (body == null || body.isNull())) {
            return error(id, "neither title nor text");
        }
        if (title != null && !title.isNull() && !title.isTextual() || body != null && !body.isNull() && !body.isTextual()) {
            return error(id, "title and text must be strings");
        }
        JsonNode jurisdiction = node.get("jurisdiction");
        Classification c = classifier.classify(textOf(title), textOf(body),
                jurisdiction != null && jurisdiction.isTextual() ? jurisdiction.asText() : null);
        ObjectNode result = mapper.createObjectNode();
        result.set("id", id);
        result.put("measure", c.measure().name());
        result.put("stage", c.stage() == null ? null : c.stage().name());
        result.put("actor", c.actor());
        result.set("targets", mapper.valueToTree(c.targets()));
        result.set("sectors", mapper.valueToTree(c.sectors()));
        result.set("hsCodes", mapper.valueToTree(c.hsCodes()));
        result.set("controlCodes", mapper.valueToTree(c.controlCodes()));
        result.put("severity", c.severity());
        result.set("severityReasons", mapper.valueToTree(c.severityReasons()));
        result.set("evidence", mapper.valueToTree(c.evidence()));
        if (!c.refersTo().isEmpty()) {
            // refers-to: the earlier acts this item acts on, e.g. {"act": "cn:mofcom:2025-61", "relation": "suspends"}.
            result.set("refersTo", mapper.valueToTree(c.refersTo()));
        }
        String gist = chokepoint.records.Gist.of(textOf(title), c.measure(), c.stage(), c.actor(), c.targets(), c.sectors(), null);
        if (gist != null) {
            // The one-line English gist of a non-English title, as the page and messages show it.
            result.put("gist", gist);
        }
        result.put("version", c.rulesetVersion());
        if (c.modelVersion() != null) {
            result.put("modelVersion", c.modelVersion());   // the learned model beside the rules, when one ran
        }
        return result.toString();
    }

    private static String textOf(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }

    private String error(JsonNode id, String reason) {
        ObjectNode result = mapper.createObjectNode();
        result.set("id", id);
        result.put("error", reason);
        return result.toString();
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }

    /** Reads up to '\n' (a trailing '\r' is dropped); null at end of input. Lines may be of any length. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
            any = true;
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        if (!any) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            return java.util.Arrays.copyOf(bytes, bytes.length - 1);
        }
        return bytes;
    }
}
