package chokepoint.alerts.threshold;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.DeadLetter;
import chokepoint.records.Indicator;
import chokepoint.topics.JsonSerde;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Indicators to breaches: {@code chokepoint.indicators} → select per rule → repartition by rule and group →
 * sliding-window count ({@link ThresholdProcessor}) → {@code chokepoint.breaches}. Built by pure functions of the
 * rules and configuration, shared by {@link ThresholdService} and the tests.
 */
public final class ThresholdTopology {

    private ThresholdTopology() {
    }

    public static Topology build(List<ThresholdRule> rules) {
        Map<String, ThresholdRule> byId = new LinkedHashMap<>();
        rules.forEach(rule -> byId.put(rule.id(), rule));

        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ThresholdProcessor.STORE),
                Serdes.String(), JsonSerde.of(WindowState.class)));
        Map<String, KStream<String, Object>> read = builder
                .stream(Topics.INDICATORS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("indicators-source"))
                .processValues(ReadOrDeadLetter::new, Named.as("read-indicator"))
                .split(Named.as("read-"))
                .branch((key, value) -> value instanceof DeadLetter, Branched.as("failed"))
                .defaultBranch(Branched.as("ok"));
        read.get("read-failed")
                .mapValues(value -> (DeadLetter) value, Named.as("as-dead-letter"))
                .to(Topics.DEAD_LETTERS.name(), Produced.with(Topics.DEAD_LETTERS.keySerde(), Topics.DEAD_LETTERS.valueSerde())
                        .withName("dead-letters-sink"));
        read.get("read-ok")
                .flatMap((key, value) -> hits(byId.values(), (Indicator) value), Named.as("select-rules"))
                // Repartitioned by rule and group so that one task sees every indicator of a group, whichever
                // partition the indicator arrived on.
                .repartition(Repartitioned.<String, RuleHit>as("threshold-by-rule-group")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(RuleHit.class)))
                .process(() -> new ThresholdProcessor(byId), Named.as("threshold"), ThresholdProcessor.STORE)
                .to(Topics.BREACHES.name(), Produced.with(Topics.BREACHES.keySerde(), Topics.BREACHES.valueSerde())
                        .withName("breaches-sink"));
        return builder.build();
    }

    static List<KeyValue<String, RuleHit>> hits(Iterable<ThresholdRule> rules, Indicator indicator) {
        List<KeyValue<String, RuleHit>> hits = new ArrayList<>();
        for (ThresholdRule rule : rules) {
            if (RuleSelector.selects(rule, indicator)) {
                for (String group : RuleSelector.groupKeys(rule, indicator)) {
                    RuleHit hit = new RuleHit(rule.id(), group, indicator);
                    hits.add(KeyValue.pair(hit.stateKey(), hit));
                }
            }
        }
        return hits;
    }

    public static Properties config(ChokepointConfig config, String bootstrapServers) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationPrefix() + "-thresholds");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("streams").toString());
        return props;
    }
}
