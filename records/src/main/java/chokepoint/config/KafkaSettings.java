package chokepoint.config;

import chokepoint.kafka.KafkaClients;

import java.util.Map;
import java.util.TreeMap;

/**
 * @param bootstrapServers   an external cluster; empty means "start the embedded single-node broker"
 * @param embeddedPort       the embedded broker's client port on 127.0.0.1
 * @param partitions         partitions of each topic Chokepoint creates
 * @param replicationFactor  replicas of each topic (1 on the embedded broker, 3 on a real cluster)
 * @param applicationPrefix  prefix of Kafka Streams application ids and consumer groups, so that two
 *                           deployments can share a cluster
 * @param staticMembership   whether long-running services join their groups as static members (an id kept in the
 *                           data folder), so that a restarted instance takes its work back without a rebalance;
 *                           default true
 * @param client             settings given to every Kafka client, by Kafka's own names (security.protocol,
 *                           sasl.mechanism, sasl.jaas.config, ssl.truststore.location, client.rack, ...); also from
 *                           the environment as KAFKA_CLIENT_SECURITY_PROTOCOL and so on
 * @param topicPrefix        what every topic name starts with, so that two deployments can share a cluster;
 *                           default {@code chokepoint.}
 * @param standbyReplicas    warm copies of each Kafka Streams task's state kept by other instances of the same
 *                           service ({@code num.standby.replicas}), so that when an instance dies another takes its
 *                           tasks over without restoring their stores from the changelogs: 1 where a service runs
 *                           more than one instance, 0 (the default) for one process, which has nowhere to put them
 */
public record KafkaSettings(String bootstrapServers, int embeddedPort, int partitions, short replicationFactor,
                            String applicationPrefix, Boolean staticMembership, Map<String, String> client,
                            String topicPrefix, Integer standbyReplicas) {

    public static final String DEFAULT_TOPIC_PREFIX = "chokepoint.";

    public KafkaSettings {
        staticMembership = staticMembership == null || staticMembership;
        client = client == null ? Map.of() : Map.copyOf(new TreeMap<>(client));
        topicPrefix = topicPrefix == null ? DEFAULT_TOPIC_PREFIX : topicPrefix;
        standbyReplicas = standbyReplicas == null ? 0 : standbyReplicas;
    }

    public boolean embedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }

    /** The clients of the configured cluster; the embedded broker's address is known only once it runs. */
    public KafkaClients clients() {
        if (embedded()) {
            throw new IllegalStateException("the embedded broker's clients come from the broker, not from the configuration");
        }
        return KafkaClients.of(bootstrapServers, client);
    }

    /** Client settings, secrets masked: a record's own toString would print passwords into logs. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        client.forEach((name, value) -> shown.put(name, KafkaClients.isSecret(name) ? "[hidden]" : value));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", embeddedPort=" + embeddedPort + ", partitions="
                + partitions + ", replicationFactor=" + replicationFactor + ", applicationPrefix=" + applicationPrefix
                + ", staticMembership=" + staticMembership + ", client=" + shown + ", topicPrefix=" + topicPrefix + ", standbyReplicas=" + standbyReplicas + "]";
    }
}
