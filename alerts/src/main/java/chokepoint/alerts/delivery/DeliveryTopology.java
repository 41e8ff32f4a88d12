package chokepoint.alerts.delivery;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.DeliverySettings;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.DeferredBreach;
import chokepoint.records.OutboundMessage;
import chokepoint.streams.store.ReadProgress;
import chokepoint.streams.store.StoreCopy;
import chokepoint.streams.topology.DeadLetterHandler;
import chokepoint.topics.JsonSerde;
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
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;
import java.util.Properties;

/**
 * Delivery's decisions, made once and durably, as a Kafka Streams application of its own ({@code <prefix>-delivery}):
 * <pre>
 * chokepoint.breaches ─▶ resolve-recipients (global stores: delivery-subscriptions, delivery-notification-log)
 *                     ─▶ repartition by recipient (delivery-by-recipient)
 *                     ─▶ decide (stores delivery-told, delivery-held, delivery-gathering; wall-clock punctuation)
 *                     ─▶ chokepoint.delivery.outbox (keyed by receiver)  │  chokepoint.deferred (digests, quiet hours)
 * </pre>
 * {@link ResolveRecipients} finds who receives each breach, {@link DecideProcessor} decides per recipient what is
 * due when (dedup, group wait, group interval, send-resolved, the resolved horizon). Exactly once: a decision, the
 * message it writes and the state it leaves commit together, so a crash or a hand-over neither loses a held update
 * nor decides a message twice. The {@link OutboxSender} sends what is decided. Built by a pure function of its
 * settings, shared by {@link DeliveryService} and the tests.
 */
public final class DeliveryTopology {

    /** The notification log, a copy of {@code chokepoint.notifications} on this instance's disk (RocksDB). */
    public static final String NOTIFICATION_LOG = "delivery-notification-log";
    /** Every subscription, a copy of {@code chokepoint.subscriptions}. */
    public static final String SUBSCRIPTIONS = "delivery-subscriptions";

    private DeliveryTopology() {
    }

    /**
     * @param partitions the partitions of the by-recipient repartition topic (the deployment's {@code kafka.partitions})
     * @param progress   where the notification log's copy notes how far it has read
     * @param silences   what to do with silences that wait for a breach's resolution
     * @param calendar   the clock of calendar questions: quiet hours, silences' ends, when a breach was deferred. Waits
     *                   (group wait, group interval) run on Kafka Streams' wall-clock time.
     */
    public static Topology build(DeliverySettings settings, Recipients recipients, int partitions, ReadProgress progress,
                                 SilenceEnder silences, java.time.Clock calendar) {
        StreamsBuilder builder = new StreamsBuilder();
        StoreCopy.add(builder, Stores.persistentKeyValueStore(NOTIFICATION_LOG), Topics.NOTIFICATIONS.name(),
                "notifications-source", progress, new StoreCopy.Expiry(Topics.NOTIFICATIONS.retention(), NotificationLookup::deliveredAt));
        StoreCopy.add(builder, Stores.inMemoryKeyValueStore(SUBSCRIPTIONS), Topics.SUBSCRIPTIONS.name(), "subscriptions-source",
                null);
        // What was told lives long (the notification horizon) and grows with breaches × recipients: on disk. What is held
        // or gathering lasts seconds to minutes and is scanned ten times a second: in memory, restored from its changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DecideProcessor.TOLD), Serdes.String(),
                JsonSerde.state(Told.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DecideProcessor.HELD), Serdes.String(),
                JsonSerde.state(Held.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DecideProcessor.GATHERING), Serdes.String(),
                JsonSerde.state(Gathering.class)));

        Map<String, KStream<String, Object>> decided = builder
                // A record the serde cannot read goes to the dead letters (DeadLetterHandler) and the next is read.
                .stream(Topics.BREACHES.name(), Consumed.with(Topics.BREACHES.keySerde(), Topics.BREACHES.valueSerde())
                        .withName("breaches-source"))
                .process(() -> new ResolveRecipients(recipients, silences, calendar), Named.as("resolve-recipients"))
                // By recipient, so that one task sees everything one recipient is sent, in the order it was raised.
                .repartition(Repartitioned.<String, Routed>as("delivery-by-recipient")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.state(Routed.class))
                        .withNumberOfPartitions(partitions))
                .process(() -> new DecideProcessor(settings, calendar), Named.as("decide"),
                        DecideProcessor.TOLD, DecideProcessor.HELD, DecideProcessor.GATHERING)
                .split(Named.as("decided-"))
                .branch((key, value) -> value instanceof OutboundMessage, Branched.as("message"))
                .defaultBranch(Branched.as("deferred"));
        decided.get("decided-message")
                .mapValues(value -> (OutboundMessage) value, Named.as("as-message"))
                .to(Topics.OUTBOX.name(), Produced.with(Topics.OUTBOX.keySerde(), Topics.OUTBOX.valueSerde()).withName("outbox-sink"));
        decided.get("decided-deferred")
                .mapValues(value -> (DeferredBreach) value, Named.as("as-deferred"))
                .to(Topics.DEFERRED.name(), Produced.with(Topics.DEFERRED.keySerde(), Topics.DEFERRED.valueSerde())
                        .withName("deferred-sink"));
        return builder.build();
    }

    public static Properties config(ChokepointConfig config, KafkaClients clients) {
        Properties props = new Properties();
        // The consumer group the delivery loop used before this application: its offsets on the breaches carry over.
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationPrefix() + "-delivery");
        props.putAll(clients.properties());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("streams").toString());
        // The stores are looked up a few times per breach: small RocksDB caches, a few tens of megabytes off the heap.
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SmallLogStoreConfig.class);
        // A first start reads the breaches from their beginning: the resolved horizon keeps old ones out of messages,
        // the notification log those already told.
        props.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        DeadLetterHandler.install(props, "delivery", Topics.DEAD_LETTERS.name());
        return props;
    }
}
