package chokepoint.streams.topology;

import chokepoint.kafka.KafkaClients;
import chokepoint.config.ChokepointConfig;
import chokepoint.streams.classify.Classifier;
import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.streams.fuse.ActSubject;
import chokepoint.streams.fuse.FuseProcessor;
import chokepoint.topics.JsonSerde;
import chokepoint.streams.fuse.StoryCopy;
import chokepoint.streams.fuse.StoryPrintSerde;
import chokepoint.streams.fuse.StoryCard;
import chokepoint.streams.fuse.StoryRouter;
import chokepoint.streams.register.RegisterFeed;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import chokepoint.streams.register.MeasureRegisterProcessor;
import chokepoint.streams.register.RegisterChange;
import org.apache.kafka.streams.KeyValue;
import chokepoint.topics.Lane;
import chokepoint.topics.Topics;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.Properties;

/**
 * Items to indicators: {@code chokepoint.items} → classify (every partition) → route each copy to the partition of its
 * story ({@link StoryRouter}, one light task) → fuse copies of one story into one event ({@link FuseProcessor}, every
 * partition) → {@code chokepoint.indicators} keyed by event, with unreadable records to {@code chokepoint.dead-letters};
 * then the measure register ({@link MeasureRegisterProcessor}, every partition, keyed by act) → {@code chokepoint.measures}
 * keyed by act, and the indicators of dates reached back to {@code chokepoint.indicators}. Built by pure functions of
 * the configuration, shared by {@link ClassifierService} and the tests.
 */
public final class ClassifyTopology {

    private ClassifyTopology() {
    }

    /**
     * Partitions of fusion and of the register when the caller names none: the default {@code kafka.partitions}. The
     * service and replays give the configured number, so that as many instances as the items topic has partitions
     * share the work.
     */
    public static final int DEFAULT_PARTITIONS = 3;
    /**
     * How much stream time passes between two prunings of fusion's and the register's stores. Live: a day. A replay
     * runs through months of stream time in minutes, and each pruning reads every stored event.
     */
    static final Duration PRUNE_LIVE = Duration.ofDays(1);
    static final Duration PRUNE_REPLAY = Duration.ofDays(30);
    /** How often the live register looks at the wall clock for dates that have come. */
    static final Duration REGISTER_TICK = Duration.ofSeconds(10);

    public static Topology build(Classifier classifier) {
        return build(classifier, Lane.live());
    }

    /** The topology on another lane: a replay's. */
    public static Topology build(Classifier classifier, Lane lane) {
        return build(classifier, lane, DEFAULT_PARTITIONS);
    }

    /** The topology on a lane, fusion and the register on {@code partitions} partitions. */
    public static Topology build(Classifier classifier, Lane lane, int partitions) {
        return build(classifier::classify, lane, (indicator, c) -> classifier.severity(c.measure(), c.stage(), c.targets(),
                indicator.sectors()), partitions);
    }

    /** The same topology around any classification function: how tests inject a failure into the processor. */
    static Topology build(Function<Item, Indicator> classifier) {
        return build(classifier, DEFAULT_PARTITIONS);
    }

    static Topology build(Function<Item, Indicator> classifier, int partitions) {
        Classifier rules = new Classifier(chokepoint.streams.classify.RuleSet.bundled(), java.time.Clock.systemUTC());
        return build(classifier, Lane.live(), (indicator, c) -> rules.severity(c.measure(), c.stage(), c.targets(),
                indicator.sectors()), partitions);
    }

    private static Topology build(Function<Item, Indicator> classifier, Lane lane, Corrections.Scorer scorer, int partitions) {
        Duration pruneEvery = lane.ranged() ? PRUNE_REPLAY : PRUNE_LIVE;
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder, lane);
        // Bytes in, so that ClassifyProcessor can send a record it cannot read to the dead-letter topic
        // with its origin instead of failing the task.
        KStream<String, byte[]> items = builder.stream(lane.items(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("items-source"));
        if (lane.ranged()) {
            // A replay reads the stored items of its range only; their timestamps are publication times.
            items = items.processValues(InRange.of(lane), Named.as("in-range"));
        }
        Map<String, KStream<String, ClassifiedOrFailed>> outcomes = items
                .processValues(() -> new ClassifyProcessor(classifier), Named.as("classify"))
                .split(Named.as("outcome-"))
                .branch((key, outcome) -> outcome.isFailure(), Branched.as("failed"))
                .defaultBranch(Branched.as("classified"));
        Serializer<StoryCopy> copyBytes = StoryCopy.serde().serializer();
        Deserializer<StoryCopy> copyRead = StoryCopy.serde().deserializer();
        KStream<String, Indicator> events = outcomes.get("outcome-classified")
                // Copies of a story come from any source, so on any partition. The router, one task, reads only the card
                // of each (its acts, prints and subject) and sends the copy, bytes it never parses, to the partition of
                // its story. Classification before it and fusion after it run on every partition.
                .map((key, outcome) -> KeyValue.pair(StoryCard.of(outcome.copy()), copyBytes.serialize(null, outcome.copy())),
                        Named.as("story-card"))
                .repartition(Repartitioned.<StoryCard, byte[]>as("fusion-route").withNumberOfPartitions(1)
                        .withKeySerde(StoryCard.serde()).withValueSerde(Serdes.ByteArray()))
                .process(() -> new StoryRouter(pruneEvery), Named.as("route"), StoryRouter.ROUTES, StoryRouter.PRINTS,
                        StoryRouter.SUBJECTS)
                .repartition(Repartitioned.<String, byte[]>as("fusion-stories").withNumberOfPartitions(partitions)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()))
                .mapValues(bytes -> copyRead.deserialize(null, bytes), Named.as("story-copy"))
                .process(() -> new FuseProcessor(pruneEvery), Named.as("fuse"), FuseProcessor.EVENTS, FuseProcessor.IDENTIFIERS,
                        FuseProcessor.PRINTS, FuseProcessor.SUBJECTS);
        if (lane.isLive()) {
            // Analysts' corrections replace the event they correct under its key, and stay on it when copies join later.
            // A replay re-reads what came in through the rules it is given; corrections are live analysts' work.
            KStream<String, Indicator> corrected = builder.stream(Topics.CORRECTIONS.name(),
                            Consumed.with(Topics.CORRECTIONS.keySerde(), Topics.CORRECTIONS.valueSerde()).withName("corrections-source"))
                    // To every fusion partition, each keeping it beside its events store: an event lives on the partition
                    // of its story, which its id does not tell. Corrections are few; the one holding the event re-emits it.
                    .repartition(Repartitioned.<String, chokepoint.records.Correction>as("corrections-to-fusion")
                            .withNumberOfPartitions(partitions).withStreamPartitioner(Broadcast.all())
                            .withKeySerde(Topics.CORRECTIONS.keySerde()).withValueSerde(Topics.CORRECTIONS.valueSerde()))
                    .process(() -> new Corrections.Receive(scorer), Named.as("correct"), Corrections.STORE, FuseProcessor.EVENTS);
            events = events.processValues(() -> new Corrections.Keep(scorer), Named.as("keep-corrections"), Corrections.STORE)
                    .merge(corrected, Named.as("with-corrections"));
        }
        events.to(lane.indicators(), Produced.with(Topics.INDICATORS.keySerde(), Topics.INDICATORS.valueSerde())
                .withName("indicators-sink"));
        // The register, partitioned by act: every event of an act, its follow-ups and their dates on one partition.
        KStream<String, RegisterChange> register = events
                .process(RegisterFeed::new, Named.as("to-register"))
                .repartition(Repartitioned.<String, Indicator>as("register-input").withNumberOfPartitions(partitions)
                        .withStreamPartitioner(Broadcast.key(RegisterFeed.TICK))
                        .withKeySerde(Topics.INDICATORS.keySerde()).withValueSerde(Topics.INDICATORS.valueSerde()))
                .process(() -> new MeasureRegisterProcessor(lane.ranged() ? null : REGISTER_TICK, pruneEvery), Named.as("register"),
                        MeasureRegisterProcessor.MEASURES, MeasureRegisterProcessor.DUE);
        register.mapValues(RegisterChange::measure, Named.as("registered-measure"))
                .to(lane.measures(), Produced.with(Topics.MEASURES.keySerde(), Topics.MEASURES.valueSerde())
                        .withName("measures-sink"));
        register.filter((act, change) -> change.lifecycle() != null, Named.as("dates-reached"))
                .map((act, change) -> KeyValue.pair(change.lifecycle().id(), change.lifecycle()), Named.as("lifecycle-indicator"))
                .to(lane.indicators(), Produced.with(Topics.INDICATORS.keySerde(), Topics.INDICATORS.valueSerde())
                        .withName("lifecycle-indicators-sink"));
        outcomes.get("outcome-failed")
                .mapValues(ClassifiedOrFailed::deadLetter, Named.as("dead-letter"))
                .to(lane.deadLetters(), Produced.with(Topics.DEAD_LETTERS.keySerde(), Topics.DEAD_LETTERS.valueSerde())
                        .withName("dead-letters-sink"));
        return builder.build();
    }

    private static void addStores(StreamsBuilder builder, Lane lane) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoryRouter.ROUTES),
                Serdes.String(), StoryRouter.Route.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoryRouter.PRINTS),
                Serdes.String(), new StoryPrintSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoryRouter.SUBJECTS),
                Serdes.String(), JsonSerde.of(ActSubject.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FuseProcessor.EVENTS),
                Serdes.String(), Topics.INDICATORS.valueSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FuseProcessor.IDENTIFIERS),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FuseProcessor.PRINTS),
                Serdes.String(), new StoryPrintSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FuseProcessor.SUBJECTS),
                Serdes.String(), JsonSerde.of(ActSubject.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MeasureRegisterProcessor.MEASURES),
                Serdes.String(), Topics.MEASURES.valueSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MeasureRegisterProcessor.DUE),
                Serdes.String(), Serdes.String()));
        if (lane.isLive()) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Corrections.STORE),
                    Serdes.String(), Topics.CORRECTIONS.valueSerde()));
        }
    }

    public static Properties config(ChokepointConfig config, KafkaClients clients) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationPrefix() + "-classifier");
        props.putAll(clients.properties());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("streams").toString());
        StreamsAppConfig.standbyReplicas(props, config);
        DeadLetterHandler.install(props, "classifier", Topics.DEAD_LETTERS.name());
        return props;
    }
}
