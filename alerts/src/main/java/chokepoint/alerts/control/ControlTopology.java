package chokepoint.alerts.control;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ThresholdRule;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.DeadLetter;
import chokepoint.records.Subscription;
import chokepoint.records.SubscriptionOutcome;
import chokepoint.streams.topology.DeadLetterHandler;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;
import java.util.Properties;

/**
 * The control plane: the one writer of threshold rules and of subscriptions, as a Streams application of its own
 * ({@code <prefix>-control}), so that what an operator says is applied in order, exactly once, whether or not the
 * threshold or delivery applications run.
 * <pre>
 * chokepoint.rule-changes         → RuleChangeProcessor (store control-rules)                → chokepoint.rules
 * chokepoint.rules (read back)    → RememberRule        (store control-rules)
 * chokepoint.subscription-changes → SubscriptionChangeProcessor (control-subscription-versions) → chokepoint.subscriptions
 *                                                                                              + chokepoint.subscription-outcomes
 * chokepoint.subscriptions (read back) → RememberSubscriptionVersion
 * </pre>
 * Each store is fed from its own output topic too, so a reset that loses the stores loses nothing.
 */
public final class ControlTopology {

    private ControlTopology() {
    }

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        addRules(builder);
        addSubscriptions(builder);
        return builder.build();
    }

    private static void addRules(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RuleChangeProcessor.STORE),
                Topics.RULES.keySerde(), Topics.RULES.valueSerde()));
        builder.stream(Topics.RULES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("rules-read-back"))
                .process(RememberRule::new, Named.as("remember-rule"), RuleChangeProcessor.STORE);
        Map<String, KStream<String, Object>> applied = builder
                .stream(Topics.RULE_CHANGES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("rule-changes-source"))
                .process(RuleChangeProcessor::new, Named.as("apply-rule-change"), RuleChangeProcessor.STORE)
                .split(Named.as("rule-"))
                .branch((key, value) -> value instanceof DeadLetter, Branched.as("unreadable"))
                .defaultBranch(Branched.as("stored"));
        applied.get("rule-unreadable")
                .mapValues(value -> (DeadLetter) value, Named.as("rule-change-as-dead-letter"))
                .to(Topics.DEAD_LETTERS.name(), Produced.with(Topics.DEAD_LETTERS.keySerde(), Topics.DEAD_LETTERS.valueSerde())
                        .withName("rule-dead-letters-sink"));
        applied.get("rule-stored")
                .mapValues(value -> (ThresholdRule) value, Named.as("as-rule"))
                .to(Topics.RULES.name(), Produced.with(Topics.RULES.keySerde(), Topics.RULES.valueSerde()).withName("rules-sink"));
    }

    private static void addSubscriptions(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SubscriptionChangeProcessor.STORE),
                Serdes.String(), Serdes.Long()));
        builder.stream(Topics.SUBSCRIPTIONS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("subscriptions-read-back"))
                .process(RememberSubscriptionVersion::new, Named.as("remember-subscription-version"),
                        SubscriptionChangeProcessor.STORE);
        Map<String, KStream<String, Object>> applied = builder
                .stream(Topics.SUBSCRIPTION_CHANGES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("subscription-changes-source"))
                .process(SubscriptionChangeProcessor::new, Named.as("apply-subscription-change"), SubscriptionChangeProcessor.STORE)
                .split(Named.as("subscription-"))
                .branch((key, value) -> value instanceof SubscriptionOutcome, Branched.as("outcome"))
                .branch((key, value) -> value instanceof DeadLetter, Branched.as("unreadable"))
                .defaultBranch(Branched.as("stored"));
        applied.get("subscription-outcome")
                .mapValues(value -> (SubscriptionOutcome) value, Named.as("as-subscription-outcome"))
                .to(Topics.SUBSCRIPTION_OUTCOMES.name(), Produced.with(Topics.SUBSCRIPTION_OUTCOMES.keySerde(),
                        Topics.SUBSCRIPTION_OUTCOMES.valueSerde()).withName("subscription-outcomes-sink"));
        applied.get("subscription-unreadable")
                .mapValues(value -> (DeadLetter) value, Named.as("subscription-change-as-dead-letter"))
                .to(Topics.DEAD_LETTERS.name(), Produced.with(Topics.DEAD_LETTERS.keySerde(), Topics.DEAD_LETTERS.valueSerde())
                        .withName("subscription-dead-letters-sink"));
        applied.get("subscription-stored")
                .mapValues(value -> (Subscription) value, Named.as("as-subscription"))
                .to(Topics.SUBSCRIPTIONS.name(), Produced.with(Topics.SUBSCRIPTIONS.keySerde(), Topics.SUBSCRIPTIONS.valueSerde())
                        .withName("subscriptions-sink"));
    }

    public static Properties config(ChokepointConfig config, KafkaClients clients) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationPrefix() + "-control");
        props.putAll(clients.properties());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("streams").toString());
        // The read-back topics are this application's own output: read from their start on a first run or after a
        // reset, which is how the stores learn the versions.
        props.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        DeadLetterHandler.install(props, "control", Topics.DEAD_LETTERS.name());
        return props;
    }
}
