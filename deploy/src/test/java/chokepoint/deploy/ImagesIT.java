package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The images the build wrote to {@code target/jib/} are what Kubernetes and Compose run, and they run: each image's
 * layers are unpacked into a root file system and its own entrypoint and command are started in it with
 * {@code chroot}, as user 10001, against a real Kafka cluster, until the service answers its readiness probe. No
 * container engine is needed, but {@code chroot} and mounting /proc are (root); without them the test is skipped
 * with the reason.
 */
@Tag("integration")
class ImagesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path IMAGES = Path.of("target/jib");
    private static final Path ROOTS = Path.of("target/image-run");
    private static final List<String> SERVICES = List.of("ingest", "classifier", "alerts");

    private static KafkaClusterTestKit cluster;
    private static final List<Path> mounted = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = InJvmKafka.singleNode();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Path proc : mounted) {
            run("umount", proc.toString());
        }
        cluster.close();
    }

    @Test
    void eachServiceImageIsTheOneTheManifestsNameAndStartsItsServiceAgainstKafka() throws Exception {
        Map<String, Process> running = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        try {
            for (String service : SERVICES) {
                Path tar = IMAGES.resolve("chokepoint-" + service + ".tar");
                assertTrue(Files.isRegularFile(tar), tar + " was built by mvn package");
                Path unpacked = fresh(ROOTS.resolve(service + "-image"));
                assertEquals(0, run("tar", "-xf", tar.toString(), "-C", unpacked.toString()), "untar " + tar);
                JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
                JsonNode config = JSON.readTree(unpacked.resolve(manifest.get("Config").asText()).toFile()).get("config");

                String tag = manifest.get("RepoTags").get(0).asText();
                if (Files.exists(Path.of("k8s", service + ".yaml"))) {
                    assertEquals(tag, kubernetesImage(service), "deploy/k8s names the image the build makes");
                }
                assertEquals(tag, composeImage(service), "deploy/compose names the image the build makes");
                assertEquals(List.of("run", "--services", service), strings(config.get("Cmd")));
                assertEquals("10001:10001", config.get("User").asText(), "not root");
                assertTrue(config.get("ExposedPorts").has("8080/tcp"));

                Path root = fresh(ROOTS.resolve(service + "-root"));
                for (JsonNode layer : manifest.get("Layers")) {
                    assertEquals(0, run("tar", "-xzf", unpacked.resolve(layer.asText()).toString(), "-C", root.toString()));
                }
                assumeTrue(prepareDevicesAndProc(root), "chroot needs root and the right to mount /proc");

                int port = freePort();
                List<String> command = new ArrayList<>(List.of("chroot", "--userspec=10001:10001", root.toAbsolutePath().toString()));
                command.addAll(strings(config.get("Entrypoint")));
                command.addAll(strings(config.get("Cmd")));
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(root.resolve("app").toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ROOTS.resolve(service + ".log").toFile());
                builder.environment().clear();
                config.get("Env").forEach(e -> {
                    String[] kv = e.asText().split("=", 2);
                    builder.environment().put(kv[0], kv[1]);
                });
                builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
                builder.environment().put("CHOKEPOINT_REPLICATION_FACTOR", "1");
                builder.environment().put("CHOKEPOINT_HTTP_PORT", Integer.toString(port));
                // The heap deploy/compose gives each service: at 256 MB the classifier's learned model (39 actor
                // classes since the twelfth gathering) no longer fit beside Kafka Streams.
                builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC -Xmx512m");
                running.put(service, builder.start());
                ports.put(service, port);
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (String service : SERVICES) {
                int status = awaitReady(http, ports.get(service), running.get(service));
                assertEquals(200, status, service + " ready; its log: " + ROOTS.resolve(service + ".log").toAbsolutePath()
                        + "\n" + tail(ROOTS.resolve(service + ".log")));
            }
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ports.get("alerts") + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Chokepoint"), "the alerts image serves the page");
        } finally {
            for (Process process : running.values()) {
                process.destroy();
            }
            for (Process process : running.values()) {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** The last readiness status seen (-1: never answered) once ready, once the process died, or after 120 s. */
    private static int awaitReady(HttpClient http, int port, Process process) {
        AtomicInteger status = new AtomicInteger(-1);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    return true;
                }
                try {
                    status.set(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                } catch (IOException notYet) {
                    // not listening yet
                }
                return status.get() == 200;
            });
        } catch (ConditionTimeoutException late) {
            // the caller's assertion reports the last status
        }
        return status.get();
    }

    /** The few device nodes a JVM opens, and /proc, which the loader needs to find the runtime's own libraries. */
    private static boolean prepareDevicesAndProc(Path root) throws Exception {
        Path dev = Files.createDirectories(root.resolve("dev"));
        Path proc = Files.createDirectories(root.resolve("proc"));
        for (String[] node : new String[][]{{"null", "3"}, {"zero", "5"}, {"random", "8"}, {"urandom", "9"}}) {
            if (run("mknod", "-m", "666", dev.resolve(node[0]).toString(), "c", "1", node[1]) != 0) {
                return false;
            }
        }
        if (run("mount", "-t", "proc", "proc", proc.toString()) != 0) {
            return false;
        }
        mounted.add(proc);
        return true;
    }

    /**
     * The deployables Kubernetes runs apart (the same layers as the alerts image, another command): each image is the
     * one its manifest names and runs what the manifest expects. Not started here: SeparateServicesTest runs the
     * same commands against a real cluster.
     */
    @Test
    void eachDeployableOfTheAlertsServiceHasTheImageItsManifestNames() throws Exception {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        for (String service : List.of("thresholds", "delivery", "web")) {
            commands.put(service, List.of("run", "--services", service));
        }
        commands.put("replay", List.of("replay", "--help"));
        for (Map.Entry<String, List<String>> deployable : commands.entrySet()) {
            Path tar = IMAGES.resolve("chokepoint-" + deployable.getKey() + ".tar");
            assertTrue(Files.isRegularFile(tar), tar + " was built by mvn package");
            Path unpacked = fresh(ROOTS.resolve(deployable.getKey() + "-image"));
            assertEquals(0, run("tar", "-xf", tar.toString(), "-C", unpacked.toString(), "manifest.json"), "untar " + tar);
            JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
            assertEquals(0, run("tar", "-xf", tar.toString(), "-C", unpacked.toString(), manifest.get("Config").asText()));
            JsonNode config = JSON.readTree(unpacked.resolve(manifest.get("Config").asText()).toFile()).get("config");
            String tag = manifest.get("RepoTags").get(0).asText();
            String manifestFile = deployable.getKey().equals("replay") ? "replay-job.yaml" : deployable.getKey() + ".yaml";
            assertEquals(tag, YAML.readTree(Path.of("k8s", manifestFile).toFile()).at("/spec/template/spec/containers/0/image").asText(),
                    "deploy/k8s/" + manifestFile + " names the image the build makes");
            assertEquals(deployable.getValue(), strings(config.get("Cmd")));
            assertEquals("10001:10001", config.get("User").asText(), "not root");
        }
    }

    private static String kubernetesImage(String service) throws IOException {
        JsonNode deployment = YAML.readTree(Path.of("k8s", service + ".yaml").toFile());
        return deployment.at("/spec/template/spec/containers/0/image").asText();
    }

    private static String composeImage(String service) throws IOException {
        JsonNode compose = YAML.readTree(Path.of("compose", "compose.yaml").toFile());
        return compose.at("/services/" + service + "/image").asText();
    }

    /** Empties a folder from an earlier run, unless something is still mounted in it. */
    private static Path fresh(Path dir) throws Exception {
        if (Files.exists(dir)) {
            String mounts = Files.readString(Path.of("/proc/mounts"));
            assertTrue(!mounts.contains(dir.toAbsolutePath().toString()), dir + " still has a mount; unmount it first");
            assertEquals(0, run("rm", "-rf", dir.toString()));
        }
        return Files.createDirectories(dir);
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(120, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
