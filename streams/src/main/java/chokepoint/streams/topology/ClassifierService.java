package chokepoint.streams.topology;

import chokepoint.kafka.KafkaClients;
import chokepoint.config.ChokepointConfig;
import chokepoint.streams.classify.Classifier;
import chokepoint.records.EventQueries;
import chokepoint.records.Indicator;
import chokepoint.records.NotReadyYet;
import chokepoint.streams.fuse.FuseProcessor;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Runs the {@link ClassifyTopology} as a Kafka Streams application until closed, and answers queries on the fused
 * events from its {@code fusion-events} store (interactive queries).
 */
public final class ClassifierService implements AutoCloseable, EventQueries {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierService.class);

    private final StreamsApp app;
    private final KafkaStreams streams;

    /** @param process the applications of the process it runs in, for its health */
    public ClassifierService(ChokepointConfig config, KafkaClients clients, Classifier classifier, RunningApps process) {
        java.util.Properties props = ClassifyTopology.config(config, clients);
        StreamsAppConfig.staticMembership(props, config, "classifier");
        this.app = new StreamsApp("classifier", ClassifyTopology.build(classifier, chokepoint.topics.Lane.live(),
                config.kafka().partitions()), props, process);
        this.streams = app.streams();
    }

    public void start() {
        app.start();
    }

    @Override
    public Optional<Indicator> event(String id) {
        return Optional.ofNullable(store().get(id));
    }

    @Override
    public List<Indicator> events(Instant from, Instant to, int limit) {
        List<Indicator> found = new ArrayList<>();
        try (KeyValueIterator<String, Indicator> all = store().all()) {
            all.forEachRemaining(entry -> {
                Instant at = entry.value.occurredAt();
                if (!at.isBefore(from) && at.isBefore(to)) {
                    found.add(entry.value);
                }
            });
        }
        found.sort(Comparator.comparing(Indicator::occurredAt).reversed());
        return found.subList(0, Math.min(limit, found.size()));
    }

    /**
     * The events store of this instance: the events of the fusion partitions it runs (all of them when it is the only
     * instance). An event lives on the partition of its story, which its id does not tell, so a lookup reads every
     * local partition; with several instances each answers for its own partitions. When it holds none yet, the error
     * names the instances that do, from the group's metadata.
     */
    private ReadOnlyKeyValueStore<String, Indicator> store() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(FuseProcessor.EVENTS, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            String holders = streams.streamsMetadataForStore(FuseProcessor.EVENTS).stream()
                    .map(m -> m.hostInfo().host() + ":" + m.hostInfo().port()).toList().toString();
            throw new NotReadyYet("events are not held by this instance (holders: " + holders
                    + "), or the processor is starting or rebalancing", e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
