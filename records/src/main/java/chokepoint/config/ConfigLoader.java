package chokepoint.config;

import chokepoint.records.Json;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code chokepoint.yml}: the bundled defaults, overlaid by the user's file (maps merge, lists replace),
 * then {@code ${VAR}} / {@code ${VAR:-default}} placeholders in values, then the environment overrides
 * documented in the README ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code CHOKEPOINT_DATA_DIR},
 * {@code CHOKEPOINT_HTTP_PORT}, {@code CHOKEPOINT_HTTP_HOST}, {@code CHOKEPOINT_REPLICATION_FACTOR}, {@code CHOKEPOINT_STANDBY_REPLICAS},
 * {@code SLACK_WEBHOOK_URL}); finally validated as a whole.
 */
public final class ConfigLoader {

    private static final String DEFAULTS = "/chokepoint/defaults.yml";
    private static final String KAFKA_CLIENT_ENV = "KAFKA_CLIENT_";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::-([^}]*))?}");

    private final ObjectMapper yaml;
    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        SimpleModule durations = new SimpleModule().addDeserializer(Duration.class, new FlexibleDurationDeserializer());
        this.yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .registerModule(durations);
    }

    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System.getenv());
    }

    /** The bundled defaults with the environment applied, for running without a file. */
    public ChokepointConfig defaults() {
        return finish(readDefaults(), "the bundled defaults", Path.of("."));
    }

    /** The user's file over the bundled defaults. Relative paths in it are relative to the file's folder. */
    public ChokepointConfig load(Path file) {
        JsonNode user;
        try {
            user = yaml.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
        JsonNode merged = readDefaults();
        if (user != null && !user.isMissingNode() && !user.isNull()) {
            if (!user.isObject()) {
                throw new ConfigException(file.toString(), List.of("the file must be a YAML mapping of settings"));
            }
            merge((ObjectNode) merged, (ObjectNode) user);
        }
        Path base = file.toAbsolutePath().getParent();
        return finish(merged, file.toString(), base);
    }

    /**
     * One threshold rule written as in the configuration file (YAML or JSON, kebab-case keys), validated: how
     * rules arrive through the API. Problems are named as {@code rule.<field>}.
     */
    public ThresholdRule readRule(String text) {
        ThresholdRule rule;
        try {
            JsonNode tree = yaml.readTree(text);
            if (tree == null || !tree.isObject()) {
                throw new ConfigException("the rule", List.of("rule: must be a mapping of settings"));
            }
            rule = yaml.treeToValue(kebabKeys((ObjectNode) tree), ThresholdRule.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("the rule", List.of("rule." + path(e) + ": unknown setting '" + e.getPropertyName() + "'"));
        } catch (MismatchedInputException e) {
            throw new ConfigException("the rule", List.of("rule." + path(e) + ": " + e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw new ConfigException("the rule", List.of("rule: " + e.getOriginalMessage()));
        }
        List<String> problems = new java.util.ArrayList<>();
        RuleChecks.check(rule, "rule", problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("the rule", problems);
        }
        return rule;
    }

    /**
     * Threshold rules written as in the configuration file: a list, or a mapping with a {@code rules:} list (so a
     * whole configuration file works too). Problems are named {@code rules[i].<field>}.
     */
    public List<ThresholdRule> readRules(String text) {
        JsonNode tree;
        try {
            tree = yaml.readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException("the rules", List.of("rules: " + e.getOriginalMessage()));
        }
        if (tree != null && tree.isObject() && tree.has("rules")) {
            tree = tree.get("rules");
        }
        if (tree == null || !tree.isArray()) {
            throw new ConfigException("the rules", List.of("rules: a list of rules, or a file with a rules: list"));
        }
        List<ThresholdRule> rules = new java.util.ArrayList<>();
        List<String> problems = new java.util.ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < tree.size(); i++) {
            try {
                ThresholdRule rule = readRule(tree.get(i).toString());
                if (!ids.add(rule.id())) {
                    problems.add("rules[" + i + "].id: '" + rule.id() + "' given twice");
                }
                rules.add(rule);
            } catch (ConfigException e) {
                for (String problem : e.problems()) {
                    problems.add(problem.replaceFirst("^rule", "rules[" + i + "]"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("the rules", problems);
        }
        return rules;
    }

    /**
     * A rule as the API lists it ({@code sourceKinds}, {@code groupBy}, {@code minSeverity}: the JSON of the records)
     * reads as it is written in the file ({@code source-kinds} ...): what GET gives, PUT takes back.
     */
    private static ObjectNode kebabKeys(ObjectNode rule) {
        ObjectNode out = rule.objectNode();
        rule.fields().forEachRemaining(field -> {
            String name = field.getKey().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
            if (out.has(name)) {
                throw new ConfigException("the rule", List.of("rule." + name + ": given twice (as " + field.getKey() + ")"));
            }
            out.set(name, field.getValue());
        });
        return out;
    }

    /** What is wrong with a rule, each problem named as {@code rule.<field>}; empty when it is valid. */
    public static List<String> problemsOf(ThresholdRule rule) {
        List<String> problems = new java.util.ArrayList<>();
        RuleChecks.check(rule, "rule", problems);
        return problems;
    }

    private JsonNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            return yaml.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("bundled defaults unreadable", e);
        }
    }

    private ChokepointConfig finish(JsonNode tree, String origin, Path base) {
        JsonNode substituted = mapText(tree, this::substitute);
        applyEnvironment((ObjectNode) substituted);
        ChokepointConfig config;
        try {
            config = yaml.treeToValue(substituted, ChokepointConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(origin, List.of(path(e) + ": unknown setting '" + e.getPropertyName()
                    + "' (known: " + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ")"));
        } catch (MismatchedInputException e) {
            throw new ConfigException(origin, List.of(path(e) + ": " + e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw new ConfigException(origin, List.of(e.getOriginalMessage()));
        }
        if (config.dataDir() != null && !config.dataDir().isAbsolute()) {
            config = config.withDataDir(base.resolve(config.dataDir()).normalize());
        }
        List<String> problems = ConfigValidator.problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigException(origin, problems);
        }
        return config;
    }

    private void applyEnvironment(ObjectNode root) {
        env("KAFKA_BOOTSTRAP_SERVERS").ifPresent(v -> object(root, "kafka").put("bootstrap-servers", v));
        // KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL is kafka.client's security.protocol: a secret can come from the
        // environment of a container without being written into the file.
        environment.forEach((name, value) -> {
            if (name.startsWith(KAFKA_CLIENT_ENV) && name.length() > KAFKA_CLIENT_ENV.length() && !value.isBlank()) {
                String setting = name.substring(KAFKA_CLIENT_ENV.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                object(object(root, "kafka"), "client").put(setting, value);
            }
        });
        env("CHOKEPOINT_TOPIC_PREFIX").ifPresent(v -> object(root, "kafka").put("topic-prefix", v));
        env("CHOKEPOINT_DATA_DIR").ifPresent(v -> root.put("data-dir", v));
        env("CHOKEPOINT_HTTP_PORT").ifPresent(v -> object(root, "http").put("port", v));
        env("CHOKEPOINT_HTTP_HOST").ifPresent(v -> object(root, "http").put("host", v));
        env("CHOKEPOINT_REPLICATION_FACTOR").ifPresent(v -> object(root, "kafka").put("replication-factor", v));
        env("CHOKEPOINT_STANDBY_REPLICAS").ifPresent(v -> object(root, "kafka").put("standby-replicas", v));
        env("SLACK_WEBHOOK_URL").ifPresent(v -> {
            JsonNode hooks = object(root, "slack").get("webhooks");
            ArrayNode list = hooks instanceof ArrayNode array ? array : object(root, "slack").putArray("webhooks");
            list.addObject().put("name", "SLACK_WEBHOOK_URL").put("url", v);
        });
    }

    private java.util.Optional<String> env(String name) {
        return java.util.Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        return node instanceof ObjectNode object ? object : parent.putObject(field);
    }

    private String substitute(String value) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = environment.getOrDefault(matcher.group(1),
                    matcher.group(2) == null ? "" : matcher.group(2));
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static JsonNode mapText(JsonNode node, UnaryOperator<String> f) {
        if (node.isTextual()) {
            return new TextNode(f.apply(node.textValue()));
        }
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(mapText(field.getValue(), f));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, mapText(array.get(i), f));
            }
        }
        return node;
    }

    private static void merge(ObjectNode base, ObjectNode overlay) {
        overlay.fields().forEachRemaining(field -> {
            JsonNode existing = base.get(field.getKey());
            if (existing instanceof ObjectNode baseChild && field.getValue() instanceof ObjectNode overlayChild) {
                merge(baseChild, overlayChild);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        });
    }

    private static String path(MismatchedInputException e) {
        return Json.path(e, "(top level)");
    }
}
