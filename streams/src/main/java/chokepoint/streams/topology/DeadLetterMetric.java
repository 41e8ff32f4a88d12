package chokepoint.streams.topology;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counts records sent to the dead-letter topic, as the Kafka Streams metrics {@code dead-letters-total} and
 * {@code dead-letters-rate} (group {@code stream-chokepoint-metrics}, tag {@code chokepoint-id=<stage>}), visible
 * over JMX and to any metrics reporter.
 */
final class DeadLetterMetric {

    private DeadLetterMetric() {
    }

    static Sensor sensor(StreamsMetrics metrics, String stage) {
        return metrics.addRateTotalSensor("chokepoint", stage, "dead-letters", Sensor.RecordingLevel.INFO);
    }
}
