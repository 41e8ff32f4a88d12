package chokepoint.alerts.threshold;

import chokepoint.kafka.KafkaClients;
import chokepoint.config.ChokepointConfig;
import chokepoint.records.Breach;
import chokepoint.records.DeadLetter;
import chokepoint.records.Indicator;
import chokepoint.records.UncountedIndicator;
import chokepoint.topics.JsonSerde;
import chokepoint.topics.Lane;
import chokepoint.topics.Topics;
import chokepoint.streams.topology.DeadLetterHandler;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Indicators to breaches: {@code chokepoint.indicators} → select by the rules in force (a global store fed by the
 * compacted {@code chokepoint.rules} topic, so rules change at runtime on every instance) → repartition by rule and
 * group → sliding-window evaluation ({@link ThresholdProcessor}) → {@code chokepoint.breaches} (read whole by every
 * web instance, {@link BreachHistory}, not kept here: a ten-year topic is no state for this application); indicators
 * a rule could not count → {@code chokepoint.uncounted}. On the live lane also source health into breaches. Built by a pure function of the configuration,
 * shared by {@link ThresholdService} and the tests.
 */
public final class ThresholdTopology {

    private ThresholdTopology() {
    }

    /** How often a firing breach that gathers indicators is published again, unless configured. */
    public static final Duration UPDATE_INTERVAL = Duration.ofSeconds(1);

    /** The live topology for a single-partition test or benchmark. */
    public static Topology build() {
        return build(Lane.live(), 1, UPDATE_INTERVAL);
    }

    /**
     * @param lane           the live lane, or a replay's rules, indicators and breaches
     * @param partitions     the partitions of the threshold repartition topic (the deployment's {@code kafka.partitions})
     * @param updateInterval least wall-clock time between two updates of one firing breach (a thousand rules make
     *                       bursts of them); zero publishes each update at once
     */
    public static Topology build(Lane lane, int partitions, Duration updateInterval) {
        RuleBook rules = new RuleBook();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RuleBook.STORE), Topics.RULES.keySerde(),
                        Topics.RULES.valueSerde()).withLoggingDisabled(),
                lane.rules(),
                // Bytes, so that a bad rule record is refused by RuleUpdater instead of stopping the global thread.
                Consumed.with(Topics.RULES.keySerde(), Serdes.ByteArray()).withName("rules-source"),
                () -> new RuleUpdater(rules));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SelectRules.COUNTED),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ThresholdProcessor.GROUPS),
                Serdes.String(), new GroupStateSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RememberedRefs.STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(store(Episodes.STORE, Episode.class));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ThresholdProcessor.PENDING),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ThresholdProcessor.DUE),
                Serdes.String(), Serdes.String()));

        Map<String, KStream<String, Object>> out = readOrDeadLetter(builder, lane.indicators(), ReadOrDeadLetter::indicators,
                "indicator", lane.deadLetters())
                .mapValues(value -> (Indicator) value, Named.as("as-indicator"))
                .process(() -> new SelectRules(rules, lane.ranged(), partitions), Named.as("select-rules"), SelectRules.COUNTED)
                // Repartitioned by rule and group so that one task sees every indicator of a group, whichever
                // partition the indicator arrived on; the hits of one indicator for one partition travel together.
                .repartition(Repartitioned.<String, RuleHits>as("threshold-by-rule-group")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.with(RuleHits.class, StateJson.MAPPER))
                        .withNumberOfPartitions(partitions).withStreamPartitioner(RuleHits.partitioner()))
                .process(() -> new ThresholdProcessor(rules, updateInterval, lane.isLive()), Named.as("threshold"),
                        ThresholdProcessor.GROUPS, RememberedRefs.STORE, Episodes.STORE, ThresholdProcessor.PENDING,
                        ThresholdProcessor.DUE)
                .split(Named.as("threshold-"))
                .branch((key, value) -> value instanceof Breach, Branched.as("breach"))
                .defaultBranch(Branched.as("uncounted"));
        out.get("threshold-breach").mapValues(value -> (Breach) value, Named.as("as-breach"))
                .to(lane.breaches(), Produced.with(Topics.BREACHES.keySerde(), Topics.BREACHES.valueSerde())
                        .withName("breaches-sink"));
        out.get("threshold-uncounted").mapValues(value -> (UncountedIndicator) value, Named.as("as-uncounted"))
                .to(Topics.UNCOUNTED.name(), Produced.with(Topics.UNCOUNTED.keySerde(), Topics.UNCOUNTED.valueSerde())
                        .withName("uncounted-sink"));

        if (lane.isLive()) {
            addSourceHealth(builder);
        }

        return builder.build();
    }

    /**
     * Ingest's source-health changes join the breaches here: they are breaches to every reader (history, delivery,
     * the page), but the breaches topic keeps one writer, this application.
     */
    private static void addSourceHealth(StreamsBuilder builder) {
        readOrDeadLetter(builder, Topics.SOURCE_HEALTH.name(), ReadOrDeadLetter::sourceHealth, "source-health", Topics.DEAD_LETTERS.name())
                .mapValues(value -> (Breach) value, Named.as("as-health-breach"))
                .to(Topics.BREACHES.name(), Produced.with(Topics.BREACHES.keySerde(), Topics.BREACHES.valueSerde())
                        .withName("health-breaches-sink"));
    }

    /**
     * The records of {@code topic} that {@code reader} can read; the others leave for {@code deadLetters} with their
     * origin. Processors are named after {@code what}.
     */
    private static <V> org.apache.kafka.streams.state.StoreBuilder<org.apache.kafka.streams.state.KeyValueStore<String, V>> store(
            String name, Class<V> type) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), JsonSerde.state(type));
    }

    private static KStream<String, Object> readOrDeadLetter(StreamsBuilder builder, String topic,
                                                            FixedKeyProcessorSupplier<String, byte[], Object> reader,
                                                            String what, String deadLetters) {
        Map<String, KStream<String, Object>> read = builder
                .stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(what + "-source"))
                .processValues(reader, Named.as("read-" + what))
                .split(Named.as(what + "-"))
                .branch((key, value) -> value instanceof DeadLetter, Branched.as("failed"))
                .defaultBranch(Branched.as("ok"));
        read.get(what + "-failed")
                .mapValues(value -> (DeadLetter) value, Named.as(what + "-as-dead-letter"))
                .to(deadLetters, Produced.with(Topics.DEAD_LETTERS.keySerde(), Topics.DEAD_LETTERS.valueSerde())
                        .withName(what + "-dead-letters-sink"));
        return read.get(what + "-ok");
    }

    public static Properties config(ChokepointConfig config, KafkaClients clients) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationPrefix() + "-thresholds");
        props.putAll(clients.properties());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("streams").toString());
        // A breach record that cannot be read (bytes that are not JSON, `{}`) once sent this application to ERROR
        // through the history table: every record it reads now goes to the dead letters instead.
        DeadLetterHandler.install(props, "thresholds", Topics.DEAD_LETTERS.name());
        return props;
    }
}
