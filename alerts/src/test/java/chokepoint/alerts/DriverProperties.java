package chokepoint.alerts;

import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;

/** The settings of a {@code TopologyTestDriver} in these tests: its own application and state folder, names checked. */
public final class DriverProperties {

    private DriverProperties() {
    }

    /** An application named {@code app}, every internal topic and store named, state in a fresh temporary folder. */
    public static Properties of(String app) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/" + app + "-" + System.nanoTime());
        return props;
    }
}
