package chokepoint.streams.cli;

import chokepoint.records.Json;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line contract of classification.md: one output line per input line, in order, errors as lines. */
class ClassifyCommandTest {

    private final ClassifyCommand command = new ClassifyCommand(new Classifier(RuleSet.bundled(), Clock.systemUTC()));

    private List<JsonNode> run(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = command.run(new ByteArrayInputStream(input), out, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, status);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void oneLinePerInputInOrderWithErrorsAsLines() throws IOException {
        String input = """
                {"id": "a", "title": "China imposes export controls on gallium", "lang": "en", "extra": {"x": 1}}
                not json at all
                {"id": 7, "title": 42}
                [1, 2]

                {"id": "b", "text": "Japan's trade surplus widened in March"}
                {"title": "no id, still classified"}
                """;
        List<JsonNode> lines = run(input.getBytes(StandardCharsets.UTF_8));
        assertEquals(7, lines.size(), "one output line per input line, blank ones included");
        assertEquals("a", lines.get(0).get("id").asText());
        assertEquals("EXPORT_CONTROL", lines.get(0).get("measure").asText());
        assertEquals("CN", lines.get(0).get("actor").asText());
        assertTrue(lines.get(1).get("id").isNull());
        assertTrue(lines.get(1).get("error").asText().startsWith("not JSON"));
        assertEquals(7, lines.get(2).get("id").asInt(), "the id is echoed as given");
        assertTrue(lines.get(2).has("error"));
        assertTrue(lines.get(3).get("error").asText().contains("not a JSON object"));
        assertTrue(lines.get(4).get("error").asText().contains("empty"));
        assertEquals("NONE", lines.get(5).get("measure").asText());
        assertTrue(lines.get(5).get("stage").isNull());
        assertTrue(lines.get(6).get("id").isNull());
        assertTrue(lines.get(6).has("measure"));
    }

    @Test
    void emptyInputGivesNoOutput() throws IOException {
        assertEquals(List.of(), run(new byte[0]));
    }

    @Test
    void invalidUtf8IsAnErrorLineAndTheNextLineIsRead() throws IOException {
        byte[] bad = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
        byte[] good = "{\"id\":\"ok\",\"title\":\"Additions to the Entity List\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[bad.length + good.length];
        System.arraycopy(bad, 0, input, 0, bad.length);
        System.arraycopy(good, 0, input, bad.length, good.length);
        List<JsonNode> lines = run(input);
        assertEquals(2, lines.size());
        assertEquals("line is not valid UTF-8", lines.get(0).get("error").asText());
        assertEquals("SANCTION_LISTING", lines.get(1).get("measure").asText());
    }

    @Test
    void veryLongTextIsClassified() throws IOException {
        String text = "The ministry imposed an export ban on graphite. " + "filler words ".repeat(400_000);
        String line = Json.MAPPER.writeValueAsString(java.util.Map.of("id", "long", "title", "Notice", "text", text)) + "\n";
        List<JsonNode> lines = run(line.getBytes(StandardCharsets.UTF_8));
        assertEquals("EXPORT_CONTROL", lines.get(0).get("measure").asText());
    }

    @Test
    void severalThreadsWriteWhatOneThreadWrites() throws IOException {
        // The labelled source titles (MOFCOM, METI, Rijksoverheid) three times over, with bad lines among them.
        StringBuilder input = new StringBuilder();
        List<String> sources = java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/test/resources/eval/sources.jsonl"),
                StandardCharsets.UTF_8);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < sources.size(); i++) {
                input.append(sources.get(i)).append('\n');
                if (i % 37 == round) {
                    input.append("not json\n\n");
                }
            }
        }
        byte[] bytes = input.toString().getBytes(StandardCharsets.UTF_8);
        Classifier classifier = new Classifier(RuleSet.bundled(), Clock.systemUTC());
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        ByteArrayOutputStream four = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, new ClassifyCommand(classifier, 1).run(new ByteArrayInputStream(bytes), one, err));
        assertEquals(0, new ClassifyCommand(classifier, 4).run(new ByteArrayInputStream(bytes), four, err));
        assertTrue(one.size() > 100_000, "every line classified: " + one.size() + " bytes");
        assertEquals(one.toString(StandardCharsets.UTF_8), four.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLinePipedInAloneComesOutBeforeTheInputEnds() throws Exception {
        java.io.PipedOutputStream feed = new java.io.PipedOutputStream();
        java.io.PipedInputStream in = new java.io.PipedInputStream(feed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread running = new Thread(() -> new ClassifyCommand(new Classifier(RuleSet.bundled(), Clock.systemUTC()), 2)
                .run(in, out, new PrintStream(new ByteArrayOutputStream())));
        running.start();
        feed.write("{\"id\": \"live\", \"title\": \"Additions to the Entity List\"}\n".getBytes(StandardCharsets.UTF_8));
        feed.flush();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> out.toString(StandardCharsets.UTF_8).contains("\"live\""));
        assertTrue(running.isAlive(), "the input is still open");
        feed.close();
        running.join(30_000);
        assertTrue(!running.isAlive());
    }

    @Test
    void aFailingLineStopsTheReadingAndIsThrownAfterTheLinesBeforeIt() throws IOException {
        List<String> written = new ArrayList<>();
        int[] read = {0};
        OrderedLines lines = new OrderedLines(2, 4);
        RuntimeException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> lines.run(
                () -> read[0]++ < 100_000 ? String.valueOf(read[0]).getBytes(StandardCharsets.UTF_8) : null,
                bytes -> {
                    String n = new String(bytes, StandardCharsets.UTF_8);
                    if (n.equals("10")) {
                        throw new IllegalStateException("line 10 cannot be classified");
                    }
                    return n;
                },
                new PrintStream(new java.io.OutputStream() {
                    private final StringBuilder line = new StringBuilder();

                    @Override
                    public void write(int b) {
                        if (b == '\n') {
                            written.add(line.toString());
                            line.setLength(0);
                        } else {
                            line.append((char) b);
                        }
                    }
                })));
        assertEquals("line 10 cannot be classified", thrown.getMessage());
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), written);
        assertTrue(read[0] < 1_000, "the reading stopped soon after the failure: " + read[0] + " lines read");
    }

    @Test
    void unreadableInputExitsWithOne() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("device gone");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, command.run(broken, new ByteArrayOutputStream(), new PrintStream(err)));
        assertTrue(err.toString().contains("device gone"));
    }
}
