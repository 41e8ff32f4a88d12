package chokepoint.alerts.runtime;

import chokepoint.config.ChokepointConfig;
import chokepoint.kafka.KafkaClients;

/**
 * What the alerts service is started with: the configuration and the Kafka it talks to. Registered as a
 * singleton by {@link AlertsApplication}, so every bean takes its settings from one place.
 */
public record AlertsRuntime(ChokepointConfig config, KafkaClients clients) {
}
