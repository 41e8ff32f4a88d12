package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.Properties;

/** How a delivery loop joins its consumer group: what others committed only, offsets committed by hand once work is done. */
final class DeliveryGroup {

    private DeliveryGroup() {
    }

    /**
     * @param instanceId this instance's static membership ({@link chokepoint.run.InstanceId}), or null for dynamic
     * @param role       what the loop does, to tell its static member apart from the instance's other loops
     */
    static Properties member(KafkaClients clients, String groupId, String instanceId, String role) {
        Properties config = clients.properties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (instanceId != null) {
            // Restarted within the session timeout, this instance gets its partitions back without a rebalance.
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-" + role);
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);
        }
        return config;
    }
}
