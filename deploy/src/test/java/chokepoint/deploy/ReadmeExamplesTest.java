package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's examples run as written against the demo's pipeline: every command line of its indented code blocks
 * is run (curl through bash, with the page's address for {@code localhost:8080}, {@code data/admin-token} holding the
 * demo's admin token and a real breach id for {@code <breach id>}; {@code ./chokepoint dossier} in this JVM with
 * {@code --config} naming the test's cluster) and answers below 400, or is one of the lines listed here with the
 * reason it is not run. A new example in the README is run, or this test fails until it is listed.
 */
@Tag("integration")
@Timeout(300)
class ReadmeExamplesTest extends SharedClusterTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** Lines not run, by their opening, with why. */
    private static final Map<String, String> NOT_RUN = Map.ofEntries(
            Map.entry("./chokepoint run", "a long-running service; started by the other end-to-end tests"),
            Map.entry("./chokepoint demo", "a long-running service; this test runs the demo's pipeline itself"),
            Map.entry("mvn -B verify", "the test suite itself"),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS=broker1", "needs a real three-broker cluster"),
            Map.entry("./chokepoint replay --from 2026-10-01 --to 2026-11-01 --rules my-rules.yml", "my-rules.yml is the reader's file; ReplayTest runs replays"),
            Map.entry("./chokepoint replay --from … --to …", "a sketch with elided dates; ReplayTest runs replays"),
            Map.entry("./chokepoint classify <", "needs the reader's items.jsonl; ClassifyCommandTest runs the command"),
            Map.entry("./chokepoint evaluate", "a sketch with optional parts in brackets; EvaluateBySourceFamilyTest runs it"),
            Map.entry("./chokepoint corpus split --freeze", "the repository's split is frozen once; CorpusValidationTest freezes a corpus"),
            Map.entry("./chokepoint train", "minutes over the whole corpus; ModelTrainerTest trains on a small one"));

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyCommandInTheReadmeRunsAsWritten() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        String shippedYaml = Files.readString(Path.of("../chokepoint.yml"))
                // The README's subscription has an email channel: the shipped file reads SMTP_HOST; GreenMail listens
                // on a port of its own, without TLS.
                .replace("    port: 587\n    security: starttls", "    port: " + mail.getSmtp().getPort() + "\n    security: none");
        Path yaml = Files.writeString(dir.resolve("chokepoint.yml"), shippedYaml);
        ChokepointConfig config = new ConfigLoader(Map.of("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "CHOKEPOINT_DATA_DIR", dir.resolve("data").toString(), "CHOKEPOINT_HTTP_PORT", "0",
                "CHOKEPOINT_REPLICATION_FACTOR", "1", "SMTP_HOST", "127.0.0.1")).load(yaml);
        // For ./chokepoint dossier, which reads the topics: the same cluster, through --config.
        Path cliConfig = Files.writeString(dir.resolve("cli.yml"), "data-dir: " + dir.resolve("cli-data") + "\nkafka:\n"
                + "  bootstrap-servers: \"" + cluster.bootstrapServers() + "\"\n");
        try (DemoRun demo = DemoRun.start(config, Duration.ofMillis(500), false, new PrintStream(new ByteArrayOutputStream(), true),
                System.err)) {
            String page = "127.0.0.1:" + demo.pipeline().httpPort();
            Files.createDirectories(work.resolve("data"));
            Files.writeString(work.resolve("data/admin-token"), Files.readString(dir.resolve("data/demo/admin-token")));
            // The examples are about the demo's acts and its China→EU breach: wait until the story has made them.
            String[] breachId = new String[1];
            await().atMost(150, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1)).until(() -> {
                HttpResponse<String> act = get(page, "/api/measures/cn:mofcom:2025-61");
                Matcher breach = Pattern.compile("\"id\":\"(pressure-on-europe~CN~\\d+)\"")
                        .matcher(get(page, "/api/breaches/history?rule=pressure-on-europe").body());
                if (act.statusCode() == 200 && breach.find()) {
                    breachId[0] = breach.group(1);
                    return true;
                }
                return false;
            });

            List<String> commands = commands(Files.readString(Path.of("../README.md")));
            List<String> ran = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (String command : commands) {
                String skipped = NOT_RUN.entrySet().stream().filter(e -> command.startsWith(e.getKey())).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
                if (skipped != null) {
                    continue;
                }
                String line = command.replace("<breach id>", breachId[0]);
                if (line.contains("<indicator id>")) {
                    line = line.replace("<indicator id>", anIndicator(page));
                }
                if (line.startsWith("./chokepoint dossier") || line.startsWith("./chokepoint labels export")) {
                    failures.addAll(cli(line, cliConfig, work));
                } else if (line.startsWith("./chokepoint corpus validate")) {
                    // The repository's own corpus, as a reader at the top of a clone validates it.
                    int status = new CommandLine(new Chokepoint()).execute("corpus", "validate", "--corpus", "../corpus");
                    if (status != 0) {
                        failures.add("exit " + status + " for: " + line);
                    }
                } else if (line.startsWith("http://localhost:8080/")) {
                    String path = line.substring("http://localhost:8080".length()).replaceAll("\\s+#.*$", "").strip();
                    int status = get(page, path).statusCode();
                    if (status >= 400) {
                        failures.add(status + " for the page " + path);
                    }
                } else if (line.startsWith("curl") || line.startsWith("TOKEN=")) {
                    // A block's lines run together, as a reader pastes them: TOKEN is set for the lines after it.
                    failures.addAll(bash(line.replace("localhost:8080", page), work));
                } else {
                    failures.add("a README command this test does not know how to run: " + line);
                }
                ran.add(line);
            }
            assertTrue(ran.size() >= 14, "the README's examples were found: " + ran);
            assertEquals(List.of(), failures, "every example answered below 400; ran " + ran.size() + ": " + String.join("\n", ran));
        }
    }

    /** The command lines of the README's indented code blocks, a curl spanning lines joined into one. */
    static List<String> commands(String readme) {
        List<String> commands = new ArrayList<>();
        boolean fenced = false;
        StringBuilder open = null;
        for (String raw : readme.split("\n", -1)) {
            if (raw.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            if (open != null) {
                open.append('\n').append(raw.length() >= 4 ? raw.substring(4) : raw.strip());
                if (complete(open.toString())) {
                    commands.add(open.toString());
                    open = null;
                }
                continue;
            }
            if (!raw.startsWith("    ")) {
                continue;
            }
            String line = raw.strip();
            if (line.startsWith("curl ") || line.startsWith("TOKEN=") || line.startsWith("./chokepoint ") || line.startsWith("mvn ")
                    || line.startsWith("http://localhost:8080/") || line.startsWith("KAFKA_BOOTSTRAP_SERVERS=")) {
                if (complete(line)) {
                    commands.add(line);
                } else {
                    open = new StringBuilder(line);
                }
            }
        }
        return commands;
    }

    /** Whether a shell would run the command as it stands: its quotes closed and no backslash asking for the next line. */
    private static boolean complete(String command) {
        return balanced(command) && !command.stripTrailing().endsWith("\\");
    }

    /** Whether the quotes a shell would read are closed: a comment (an unquoted # after a space) is not read. */
    private static boolean balanced(String command) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && i > 0 && Character.isWhitespace(command.charAt(i - 1))) {
                break;
            }
        }
        return !single;
    }

    private List<String> bash(String command, Path work) throws Exception {
        // curl as written, with each answer's status written to standard error to be checked.
        String script = "curl() { command curl -sS -w '%{stderr}STATUS %{http_code} %{url_effective}\\n' \"$@\"; }\n"
                + "TOKEN=$(cat data/admin-token)\n" + command + "\n";
        Process process = new ProcessBuilder("bash", "-c", script).directory(work.toFile()).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        List<String> failures = new ArrayList<>();
        if (process.exitValue() != 0) {
            failures.add("exit " + process.exitValue() + " for: " + command + "\n" + err);
        }
        Matcher statuses = Pattern.compile("STATUS (\\d{3}) (\\S+)").matcher(err);
        boolean any = false;
        while (statuses.find()) {
            any = true;
            if (Integer.parseInt(statuses.group(1)) >= 400) {
                failures.add(statuses.group(1) + " for: " + command + "\n" + out);
            }
        }
        if (!any && command.startsWith("curl")) {
            failures.add("no answer for: " + command + "\n" + err);
        }
        return failures;
    }

    /** A command that reads the cluster, run in this JVM against the test's cluster, its output file under work. */
    private static List<String> cli(String line, Path config, Path work) {
        List<String> args = new ArrayList<>(List.of(line.replaceAll("\\s+#.*$", "").split("\\s+")));
        args.remove(0);
        int out = args.indexOf("-o");
        if (out >= 0) {
            args.set(out + 1, work.resolve(args.get(out + 1)).toString());
        }
        args.addAll(List.of("--config", config.toString()));
        int status = new CommandLine(new Chokepoint()).execute(args.toArray(String[]::new));
        return status == 0 ? List.of() : List.of("exit " + status + " for: " + line);
    }

    /** The id of the newest indicator, for the examples about one indicator. */
    private String anIndicator(String page) throws Exception {
        JsonNode newest = Json.MAPPER.readTree(get(page, "/api/indicators?limit=1").body());
        return newest.path(0).path("id").asText();
    }

    private HttpResponse<String> get(String page, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + page + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> notRun() {
        return new LinkedHashMap<>(NOT_RUN);
    }
}
