package chokepoint.alerts.control;

import chokepoint.records.DeadLetter;
import chokepoint.records.SubscriptionChange;
import chokepoint.records.SubscriptionOutcome;
import chokepoint.topics.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The one writer of subscriptions: applies a {@link SubscriptionChange} only when the subscription is still at the
 * version the change was made from, so that two writers reading the same version cannot both store (the second one's
 * edit would erase the first's). Forwards the stored subscription (or its tombstone) keyed by subscription id, and a
 * {@link SubscriptionOutcome} keyed by change id, in the task's transaction. The version of every subscription ever
 * changed stays in the store, deleted ones included, so a stale writer cannot bring a deleted subscription back.
 * The store is also fed from the subscriptions topic itself ({@link RememberSubscriptionVersion}): the version is
 * part of each stored subscription, so a store lost with a Streams reset is rebuilt from the subscriptions and edits
 * go on (when the versions lived only here, every edit after a reset conflicted for good).
 */
final class SubscriptionChangeProcessor implements Processor<String, byte[], String, Object> {

    static final String STORE = "control-subscription-versions";

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Long> versions;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.versions = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        SubscriptionChange change;
        try {
            change = Topics.SUBSCRIPTION_CHANGES.valueSerde().deserializer().deserialize(Topics.SUBSCRIPTION_CHANGES.name(), record.value());
            if (change == null || !change.subscription().equals(record.key())
                    || change.value() != null && !change.subscription().equals(change.value().id())) {
                throw new IllegalArgumentException("a change must be keyed by the id of the subscription it stores");
            }
        } catch (RuntimeException e) {
            RecordMetadata origin = context.recordMetadata().orElse(null);
            context.forward(record.withValue(DeadLetter.of("subscription-changes", origin == null ? null : origin.topic(),
                    origin == null ? -1 : origin.partition(), origin == null ? -1 : origin.offset(), e,
                    record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), Instant.now())));
            return;
        }
        Long stored = versions.get(change.subscription());
        long current = stored == null ? 0 : stored;
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        if (change.expectedVersion() != current) {
            context.forward(record.withKey(change.id()).withValue(new SubscriptionOutcome(change.id(), change.subscription(),
                    false, current, "changed meanwhile: at version " + current + ", the change was made from version "
                    + change.expectedVersion(), now)));
            return;
        }
        long next = current + 1;
        versions.put(change.subscription(), next);
        context.forward(record.withValue(change.value() == null ? null : change.value().withVersion(next)));
        context.forward(record.withKey(change.id()).withValue(new SubscriptionOutcome(change.id(), change.subscription(),
                true, next, null, now)));
    }
}
