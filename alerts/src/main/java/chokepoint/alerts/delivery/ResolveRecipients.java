package chokepoint.alerts.delivery;

import chokepoint.records.Breach;
import chokepoint.records.Subscription;
import chokepoint.topics.Topics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first stage of delivery, by breach: who receives this version of it now, and who later (digests, quiet hours),
 * from the operator's channels and the subscriptions (a global store, so every task sees all of them). Forwards one
 * {@link Routed} per recipient, keyed by the recipient, for the repartition that brings all of one recipient's
 * breaches to one {@link DecideProcessor}. A resolution ends the silences that waited for it.
 */
final class ResolveRecipients implements Processor<String, Breach, String, Routed> {

    private static final Logger LOG = LoggerFactory.getLogger(ResolveRecipients.class);

    private record Parsed(byte[] bytes, Subscription subscription) {
    }

    private final Recipients recipients;
    private final SilenceEnder silences;
    private final java.time.Clock calendar;
    /** Subscriptions parsed once per version: every breach asks for all of them. */
    private Map<String, Parsed> parsed = new HashMap<>();
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, byte[]> store;

    ResolveRecipients(Recipients recipients, SilenceEnder silences, java.time.Clock calendar) {
        this.recipients = recipients;
        this.silences = silences;
        this.calendar = calendar;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.store = context.getStateStore(DeliveryTopology.SUBSCRIPTIONS);
    }

    @Override
    public void process(Record<String, Breach> record) {
        Breach breach = record.value();
        if (breach == null) {
            return;
        }
        Instant now = calendar.instant();
        List<Subscription> subscriptions = subscriptions();
        if (breach.state() == Breach.State.RESOLVED) {
            silences.resolved(breach, subscriptions);
        }
        Recipients.Resolved resolved = recipients.of(breach, now, subscriptions);
        for (Address to : resolved.now()) {
            context.forward(record.withKey(to.key()).withValue(new Routed(to, breach, false)));
        }
        if (breach.state() == Breach.State.RESOLVED) {
            return;  // a resolution is not held for a digest
        }
        for (Address to : resolved.deferred()) {
            context.forward(record.withKey(to.key()).withValue(new Routed(to, breach, true)));
        }
    }

    private List<Subscription> subscriptions() {
        Map<String, Parsed> next = new HashMap<>();
        List<Subscription> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> stored = store.all()) {
            while (stored.hasNext()) {
                KeyValue<String, byte[]> entry = stored.next();
                Parsed known = parsed.get(entry.key);
                if (known == null || !Arrays.equals(known.bytes(), entry.value)) {
                    known = new Parsed(entry.value, read(entry.key, entry.value));
                }
                next.put(entry.key, known);
                if (known.subscription() != null) {
                    all.add(known.subscription());
                }
            }
        }
        parsed = next;
        return all;
    }

    private static Subscription read(String id, byte[] bytes) {
        try {
            return Topics.SUBSCRIPTIONS.valueSerde().deserializer().deserialize(Topics.SUBSCRIPTIONS.name(), bytes);
        } catch (RuntimeException e) {
            // Its one writer checks every subscription; a record that is not one is skipped, not a stop.
            LOG.warn("subscription {} cannot be read and receives nothing: {}", id, e.getMessage());
            return null;
        }
    }
}
