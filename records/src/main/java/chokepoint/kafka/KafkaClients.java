package chokepoint.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where every Kafka client of Chokepoint gets its connection: the cluster's address and the client settings the
 * configuration's {@code kafka.client} map gives (security protocol, SASL mechanism and JAAS, TLS trust and key
 * stores, client rack, config providers, any other client setting). Every producer, consumer, admin client and
 * Streams application starts from {@link #properties()} and adds only what its own job needs, so a secured cluster
 * reaches all of them at once.
 */
public final class KafkaClients {

    /** Setting names whose values are secrets: masked in {@link #toString()} and in every message Chokepoint writes. */
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|jaas|secret|token|credential|key$|\\.key\\.).*");

    private final String bootstrapServers;
    private final Map<String, String> settings;

    private KafkaClients(String bootstrapServers, Map<String, String> settings) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("a Kafka client needs bootstrap servers");
        }
        if (settings.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("kafka.client: give the cluster's address as kafka.bootstrap-servers, "
                    + "not as bootstrap.servers");
        }
        this.bootstrapServers = bootstrapServers;
        this.settings = Map.copyOf(settings);
    }

    /** Clients of a cluster that needs no settings beyond its address (the embedded broker, tests). */
    public static KafkaClients of(String bootstrapServers) {
        return new KafkaClients(bootstrapServers, Map.of());
    }

    /** @param settings client settings by Kafka's own names ({@code security.protocol}, {@code sasl.jaas.config}, ...) */
    public static KafkaClients of(String bootstrapServers, Map<String, String> settings) {
        return new KafkaClients(bootstrapServers, settings == null ? Map.of() : settings);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The settings given beside the address, as configured. */
    public Map<String, String> settings() {
        return settings;
    }

    /** A fresh set of client properties: the address and every configured setting; the caller adds its own. */
    public Properties properties() {
        Properties props = new Properties();
        props.putAll(settings);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** An admin client of the cluster. */
    public Admin admin() {
        return Admin.create(properties());
    }

    /** Whether a setting's value must never be written out. */
    public static boolean isSecret(String name) {
        return SECRET.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /** The address and the settings, secrets masked: safe for logs and error messages. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        settings.forEach((name, value) -> shown.put(name, isSecret(name) ? "[hidden]" : value));
        return bootstrapServers + (shown.isEmpty() ? "" : " " + shown.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}")));
    }
}
