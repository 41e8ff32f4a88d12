package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offline validation of the deployment files: the Kubernetes manifests (every object complete, selectors that
 * select, services that reach a named port, containers running a known Chokepoint service with limits and probes,
 * configuration that Chokepoint accepts and that asks for replication 3) and the Compose file (three KRaft voters
 * with distinct ids, each Chokepoint service a known one).
 */
class ManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path COMPOSE = Path.of("compose", "compose.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SERVICES = Arrays.stream(Pipeline.Service.values())
            .map(s -> s.name().toLowerCase()).collect(Collectors.toSet());

    @Test
    void kubernetesManifestsAreCompleteAndConsistent() throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                YAML.readerFor(JsonNode.class).readValues(file.toFile()).forEachRemaining(node -> objects.add((JsonNode) node));
            }
        }
        assertTrue(objects.size() >= 8, "config, five deployments, a service, a job: " + objects.size());
        Map<String, JsonNode> configMaps = new HashMap<>();
        List<JsonNode> deployments = new ArrayList<>();
        List<JsonNode> services = new ArrayList<>();
        List<JsonNode> jobs = new ArrayList<>();
        Set<String> built = builtImages();
        for (JsonNode object : objects) {
            String what = object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
            assertFalse(object.path("apiVersion").asText().isEmpty(), "apiVersion of " + what);
            assertFalse(object.path("kind").asText().isEmpty(), "kind of " + what);
            assertTrue(object.path("metadata").path("name").asText().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), "DNS name of " + what);
            switch (object.path("kind").asText()) {
                case "ConfigMap" -> configMaps.put(object.path("metadata").path("name").asText(), object);
                case "Deployment" -> deployments.add(object);
                case "Service" -> services.add(object);
                case "Job" -> jobs.add(object);
                default -> throw new AssertionError("unexpected kind in " + what);
            }
        }
        Set<String> deployed = new java.util.HashSet<>();
        for (JsonNode deployment : deployments) {
            String name = deployment.path("metadata").path("name").asText();
            assertEquals("apps/v1", deployment.path("apiVersion").asText(), name);
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            deployment.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                    assertEquals(label.getValue().asText(), labels.path(label.getKey()).asText(), name + " selects its pods"));
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                List<String> args = new ArrayList<>();
                container.path("args").forEach(a -> args.add(a.asText()));
                int at = args.indexOf("--services");
                assertTrue(at >= 0 && SERVICES.contains(args.get(at + 1)), name + " runs a known service: " + args);
                deployed.add(args.get(at + 1));
                assertTrue(built.contains(container.path("image").asText().split(":")[0]), name + " runs an image the build makes: "
                        + container.path("image").asText() + " not in " + built);
                assertFalse(container.path("resources").path("limits").path("memory").asText().isEmpty(), name + " memory limit");
                assertTrue(container.has("livenessProbe"), name + " liveness probe");
                container.path("envFrom").forEach(from -> {
                    if (from.has("configMapRef")) {
                        assertTrue(configMaps.containsKey(from.path("configMapRef").path("name").asText()), name + " config map exists");
                    }
                });
                // Every Chokepoint process answers these (the alerts service through Micronaut, the others
                // through ServiceEndpoints).
                assertEquals("/health/readiness", container.path("readinessProbe").path("httpGet").path("path").asText(), name);
                assertEquals("/health/liveness", container.path("livenessProbe").path("httpGet").path("path").asText(), name);
            }
        }
        assertEquals(Pipeline.Service.expand(EnumSet.allOf(Pipeline.Service.class)).stream().map(s -> s.name().toLowerCase())
                .collect(Collectors.toSet()), deployed, "every service is deployed apart (ALERTS is three of them at once)");
        assertEquals(1, jobs.size(), "the replay job");
        for (JsonNode job : jobs) {
            JsonNode container = job.path("spec").path("template").path("spec").path("containers").get(0);
            assertEquals("replay", container.path("args").get(0).asText(), "the job runs a replay");
            assertTrue(built.contains(container.path("image").asText().split(":")[0]), container.path("image").asText());
            assertFalse(container.path("resources").path("limits").path("memory").asText().isEmpty(), "job memory limit");
            assertEquals("Never", job.path("spec").path("template").path("spec").path("restartPolicy").asText());
        }
        for (JsonNode service : services) {
            JsonNode selector = service.path("spec").path("selector");
            JsonNode target = deployments.stream().filter(d -> {
                JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
                List<String> mismatches = new ArrayList<>();
                selector.fields().forEachRemaining(f -> {
                    if (!f.getValue().asText().equals(labels.path(f.getKey()).asText())) {
                        mismatches.add(f.getKey());
                    }
                });
                return mismatches.isEmpty();
            }).findFirst().orElseThrow(() -> new AssertionError("service selects no deployment"));
            Set<String> ports = new java.util.HashSet<>();
            target.path("spec").path("template").path("spec").path("containers")
                    .forEach(c -> c.path("ports").forEach(p -> ports.add(p.path("name").asText())));
            service.path("spec").path("ports").forEach(p -> assertTrue(ports.contains(p.path("targetPort").asText()),
                    "service port reaches a named container port"));
        }
        // The configuration the pods get is one Chokepoint accepts, on a replicated cluster.
        Map<String, String> env = new HashMap<>();
        configMaps.get("chokepoint-config").path("data").fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        env.put("CHOKEPOINT_SECRET_KEY", "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=");
        env.put("CHOKEPOINT_ADMIN_TOKEN", "a-token-of-enough-length");
        ChokepointConfig config = new ConfigLoader(env).load(Path.of("..", "chokepoint.yml"));
        assertEquals(3, config.kafka().replicationFactor());
        assertFalse(config.kafka().embedded(), "pods use the cluster, never an embedded broker");
        assertEquals("0.0.0.0", config.http().host());
    }

    /** The images the build's Jib executions make, by name. */
    private static Set<String> builtImages() throws IOException {
        java.util.regex.Matcher images = java.util.regex.Pattern.compile("<to><image>([a-z-]+):").matcher(Files.readString(Path.of("pom.xml")));
        Set<String> names = new java.util.HashSet<>();
        while (images.find()) {
            names.add(images.group(1));
        }
        return names;
    }

    @Test
    void composeFileHasThreeVotersAndKnownServices() throws IOException {
        JsonNode compose = YAML.readTree(COMPOSE.toFile());
        JsonNode services = compose.path("services");
        Set<String> nodeIds = new java.util.HashSet<>();
        List<String> chokepoint = new ArrayList<>();
        services.fields().forEachRemaining(entry -> {
            JsonNode service = entry.getValue();
            if (entry.getKey().startsWith("kafka-")) {
                nodeIds.add(service.path("environment").path("KAFKA_NODE_ID").asText());
                assertEquals(3, service.path("environment").path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText().split(",").length);
            } else {
                List<String> command = new ArrayList<>();
                service.path("command").forEach(c -> command.add(c.asText()));
                int at = command.indexOf("--services");
                assertTrue(at >= 0 && SERVICES.contains(command.get(at + 1)), entry.getKey() + ": " + command);
                chokepoint.add(command.get(at + 1));
                assertEquals("3", service.path("environment").path("CHOKEPOINT_REPLICATION_FACTOR").asText(), entry.getKey());
            }
        });
        assertEquals(Set.of("1", "2", "3"), nodeIds, "three voters with distinct ids");
        // Compose runs the alerts service whole (thresholds, delivery and web in one process).
        assertEquals(Set.of("ingest", "classifier", "alerts"), Set.copyOf(chokepoint));
    }
}
