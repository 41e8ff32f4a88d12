package chokepoint.alerts.subscriptions;

import chokepoint.records.DeadLetter;
import chokepoint.records.Subscription;
import chokepoint.records.SubscriptionOutcome;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;

/**
 * {@code chokepoint.subscription-changes} → {@link SubscriptionChangeProcessor} (store {@code subscription-versions})
 * → {@code chokepoint.subscriptions} and {@code chokepoint.subscription-outcomes}. Part of the alerts Streams
 * application's live topology: changes of one subscription are applied by one task, in order, exactly once.
 */
public final class SubscriptionChangesTopology {

    private SubscriptionChangesTopology() {
    }

    /** The change processor alone, for a process that runs delivery without the threshold topology (tests). */
    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build();
    }

    public static void addTo(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SubscriptionChangeProcessor.STORE),
                Serdes.String(), Serdes.Long()));
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
}
