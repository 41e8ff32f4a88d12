package chokepoint.config;

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
 */
public record KafkaSettings(String bootstrapServers, int embeddedPort, int partitions, short replicationFactor,
                            String applicationPrefix, Boolean staticMembership) {

    public KafkaSettings {
        staticMembership = staticMembership == null || staticMembership;
    }

    public boolean embedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }
}
