package chokepoint.topics;

import chokepoint.config.KafkaSettings;
import chokepoint.config.RuleChange;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.Correction;
import chokepoint.records.DeadLetter;
import chokepoint.records.DeferredBreach;
import chokepoint.records.DeliveryAttempt;
import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.records.ListEntry;
import chokepoint.records.Notification;
import chokepoint.records.OutboundMessage;
import chokepoint.records.RegisteredMeasure;
import chokepoint.records.SeenItem;
import chokepoint.records.SourceState;
import chokepoint.records.Subscription;
import chokepoint.records.SubscriptionChange;
import chokepoint.records.SubscriptionOutcome;
import chokepoint.records.UncountedIndicator;
import org.apache.kafka.common.serialization.Serdes;

import java.time.Duration;
import java.util.List;

/** The one registry of Chokepoint's topics: every producer, consumer and topology takes its names and serdes here. */
public final class Topics {

    /** Long enough to replay years of history through today's rules. */
    private static final Duration HISTORY = Duration.ofDays(3650);

    /** Items fetched from sources, keyed by item id. Source of truth for replay. */
    public static final Topic<String, Item> ITEMS =
            new Topic<>("items", Serdes.String(), JsonSerde.of(Item.class), false, HISTORY);

    /**
     * How long ingest remembers an item it published once its source stops listing it: marks of items still listed
     * are renewed, so this bounds the memory to the items of the last month, not of every year.
     */
    public static final Duration SEEN_HORIZON = Duration.ofDays(30);

    /**
     * How long delivery remembers what it told whom: longer than any breach fires, so that a firing breach is never
     * announced twice, and bounded, so that the log does not hold every message ever sent.
     */
    public static final Duration NOTIFICATION_HORIZON = Duration.ofDays(400);

    /** Ingest's memory of what it published, keyed by item id; compacted, and marks older than the horizon deleted. */
    public static final Topic<String, SeenItem> INGEST_SEEN =
            new Topic<>("ingest.seen", Serdes.String(), JsonSerde.of(SeenItem.class), true, SEEN_HORIZON);

    /** Per-source validators and health, keyed by source id. */
    public static final Topic<String, SourceState> INGEST_SOURCES =
            new Topic<>("ingest.sources", Serdes.String(), JsonSerde.of(SourceState.class), true, null);

    /** Entries of lists published as snapshots, as last seen, keyed by source id|entry id. */
    public static final Topic<String, ListEntry> LIST_ENTRIES =
            new Topic<>("ingest.list-entries", Serdes.String(), JsonSerde.of(ListEntry.class), true, null);

    /** One classification per item (measure NONE included), keyed by indicator id. */
    public static final Topic<String, Indicator> INDICATORS =
            new Topic<>("indicators", Serdes.String(), JsonSerde.of(Indicator.class), false, HISTORY);

    /**
     * The measure register: one record per official act, keyed by the act's identifier ({@code cn:mofcom:2025-61}),
     * with its life; compacted, the latest state of every act kept.
     */
    public static final Topic<String, RegisteredMeasure> MEASURES =
            new Topic<>("measures", Serdes.String(), JsonSerde.of(RegisteredMeasure.class), true, null);

    /**
     * Analysts' corrections of indicators, keyed by indicator id (the story's first item); compacted, the latest
     * correction of each kept. The classifier's topology re-emits the corrected indicator under the same key on
     * {@link #INDICATORS}; {@code ./chokepoint labels export} reads them for the next training.
     */
    public static final Topic<String, Correction> CORRECTIONS =
            new Topic<>("corrections", Serdes.String(), JsonSerde.of(Correction.class), true, null);

    /** The threshold rules in force, keyed by rule id; a tombstone removes a rule. Every alerts instance reads it all. */
    public static final Topic<String, ThresholdRule> RULES =
            new Topic<>("rules", Serdes.String(), JsonSerde.of(ThresholdRule.class), true, null);

    /**
     * Requests to write threshold rules (the API's edits and deletions, the configuration file's seeds), keyed by rule
     * id, applied by the control application, the rules topic's one writer. Compacted: the latest request per rule.
     */
    public static final Topic<String, RuleChange> RULE_CHANGES =
            new Topic<>("rule-changes", Serdes.String(), JsonSerde.of(RuleChange.class), true, Duration.ofDays(30));

    /** Threshold breaches and their changes of state, keyed by breach id. */
    public static final Topic<String, Breach> BREACHES =
            new Topic<>("breaches", Serdes.String(), JsonSerde.of(Breach.class), false, HISTORY);

    /**
     * Ingest's changes of a source's health (a source failing, silent, or back), as breaches of rule
     * {@code source-health} keyed by breach id. The threshold application passes them on to {@link #BREACHES}, so that
     * the breaches topic has one writer.
     */
    public static final Topic<String, Breach> SOURCE_HEALTH =
            new Topic<>("source-health", Serdes.String(), JsonSerde.of(Breach.class), false, Duration.ofDays(30));

    /** Subscriptions, keyed by id; a tombstone deletes one. Every alerts instance reads it all. */
    public static final Topic<String, Subscription> SUBSCRIPTIONS =
            new Topic<>("subscriptions", Serdes.String(), JsonSerde.of(Subscription.class), true, null);

    /**
     * Changes of subscriptions, keyed by subscription id: the API, delivery (a channel failing), silence expiry and
     * email links write here, and one task of the control application applies each subscription's changes in
     * order, with a version check, to {@link #SUBSCRIPTIONS}, its only writer.
     */
    public static final Topic<String, SubscriptionChange> SUBSCRIPTION_CHANGES =
            new Topic<>("subscription-changes", Serdes.String(), JsonSerde.of(SubscriptionChange.class), false,
                    Duration.ofDays(7));

    /** Whether each subscription change was applied, keyed by change id; its writer waits for it. */
    public static final Topic<String, SubscriptionOutcome> SUBSCRIPTION_OUTCOMES =
            new Topic<>("subscription-outcomes", Serdes.String(), JsonSerde.of(SubscriptionOutcome.class), false,
                    Duration.ofDays(1));

    /** Every delivery attempt and its outcome, keyed by recipient: the history of what was sent. */
    public static final Topic<String, DeliveryAttempt> DELIVERY_ATTEMPTS =
            new Topic<>("delivery-attempts", Serdes.String(), JsonSerde.of(DeliveryAttempt.class), false,
                    Duration.ofDays(365));

    /** Indicators a threshold rule selected but did not count, with the reason, keyed by indicator id and rule group. */
    public static final Topic<String, UncountedIndicator> UNCOUNTED =
            new Topic<>("uncounted", Serdes.String(), JsonSerde.of(UncountedIndicator.class), false, Duration.ofDays(400));

    /** Breaches held for digests and quiet hours, keyed by subscriptionId/channelId. */
    public static final Topic<String, DeferredBreach> DEFERRED =
            new Topic<>("deferred", Serdes.String(), JsonSerde.of(DeferredBreach.class), false,
                    Duration.ofDays(30));

    /**
     * Messages decided and not yet sent, for every channel, keyed by their receiver (a digest of the webhook URL or the
     * address): the delivery topology and the digests write them, and the sender that owns a receiver's partition sends
     * its messages in order (Slack's at one a second), receivers side by side. Written once per message; the
     * notification log, written after each send, stops a copy read again after a crash.
     */
    public static final Topic<String, OutboundMessage> OUTBOX =
            new Topic<>("delivery.outbox", Serdes.String(), JsonSerde.of(OutboundMessage.class), false,
                    Duration.ofDays(7));

    /** What was delivered where, keyed by breach|state|recipient; written after the receiver accepted. */
    public static final Topic<String, Notification> NOTIFICATIONS =
            new Topic<>("notifications", Serdes.String(), JsonSerde.of(Notification.class), true, NOTIFICATION_HORIZON);

    /** Records no stage could process, with their origin and the error. */
    public static final Topic<String, DeadLetter> DEAD_LETTERS =
            new Topic<>("dead-letters", Serdes.String(), JsonSerde.of(DeadLetter.class), false, HISTORY);

    public static final List<Topic<?, ?>> ALL =
            List.of(ITEMS, INGEST_SEEN, INGEST_SOURCES, LIST_ENTRIES, INDICATORS, CORRECTIONS, MEASURES, RULES, RULE_CHANGES, BREACHES, UNCOUNTED, SOURCE_HEALTH,
                    SUBSCRIPTIONS, SUBSCRIPTION_CHANGES, SUBSCRIPTION_OUTCOMES, DEFERRED, OUTBOX, NOTIFICATIONS,
                    DELIVERY_ATTEMPTS, DEAD_LETTERS);

    private static volatile String prefix = KafkaSettings.DEFAULT_TOPIC_PREFIX;

    /**
     * What every topic name starts with in this process ({@code kafka.topic-prefix}). Set once, before any client or
     * topology is built, by whatever starts services from a configuration: the names are constants every topology
     * builder and client shares, and one process serves one deployment.
     */
    public static void usePrefix(String topicPrefix) {
        prefix = topicPrefix;
    }

    public static String prefix() {
        return prefix;
    }

    private Topics() {
    }
}
