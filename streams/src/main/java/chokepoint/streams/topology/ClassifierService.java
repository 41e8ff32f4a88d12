package chokepoint.streams.topology;

import chokepoint.config.ChokepointConfig;
import chokepoint.streams.classify.Classifier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Runs the {@link ClassifyTopology} as a Kafka Streams application until closed. */
public final class ClassifierService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierService.class);

    private final KafkaStreams streams;

    public ClassifierService(ChokepointConfig config, String bootstrapServers, Classifier classifier) {
        this.streams = new KafkaStreams(ClassifyTopology.build(classifier),
                ClassifyTopology.config(config, bootstrapServers));
        streams.setStateListener((now, before) -> LOG.info("classifier: {} -> {}", before, now));
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        // Leave the group on a clean stop so that the next start (or another instance) takes the tasks at
        // once instead of after the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
