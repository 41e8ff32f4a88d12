package chokepoint.alerts.delivery;

import chokepoint.config.DeliverySettings;
import chokepoint.records.Breach;
import chokepoint.records.DeferredBreach;
import chokepoint.records.Notification;
import chokepoint.records.OutboundMessage;
import chokepoint.records.Subscription;
import chokepoint.topics.Topics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, once, what each recipient is told, in the order of Alertmanager's pipeline: dedup (against what was decided
 * before and what the notification log says was told), group wait (what arrives together for a recipient leaves as one
 * message; a breach with nothing else on its way leaves once {@link #QUIET} has passed with nothing more), group interval
 * (an update of a firing breach waits until {@code group-interval} after the last message about it, held in a
 * changelogged store and released by a wall-clock punctuation, so that a crash or a hand-over keeps it), send-resolved
 * (a resolution to those who were told it fired) and the start-up rule (a breach that fired and resolved before its
 * first message left, its resolution older than {@code resolved-horizon}, is history, not a message). Digests and quiet
 * hours go to {@code chokepoint.deferred}. Each message leaves as an {@link OutboundMessage} keyed by its receiver;
 * what was decided is remembered in the same transaction.
 */
final class DecideProcessor implements Processor<String, Routed, String, Object> {

    static final String TOLD = "delivery-told";
    static final String HELD = "delivery-held";
    static final String GATHERING = "delivery-gathering";
    /** How often held updates and gathering messages are looked at. */
    static final Duration TICK = Duration.ofMillis(100);
    /**
     * A gathering message leaves when nothing more came for its recipient for this long (or the group wait is over).
     * Breaches raised together can reach this stage a few commits (100 ms each) apart, from different partitions of
     * the breaches topic, more under load: half a second keeps them in one message, and a lone breach still leaves
     * within about a second.
     */
    static final Duration QUIET = Duration.ofMillis(500);
    static final Duration FORGET_EVERY = Duration.ofHours(1);
    /** A recipient's gathering leaves at once beyond this many breaches. */
    static final int MAX_GATHERED = 500;
    /** Slack and email messages list every breach they carry (Slack allows 50 blocks a message). */
    static final int PER_MESSAGE = 10;
    static final int PER_WEBHOOK_MESSAGE = 100;

    private final DeliverySettings settings;
    private final java.time.Clock calendar;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Told> told;
    private KeyValueStore<String, Held> held;
    private KeyValueStore<String, Gathering> gathering;
    private KeyValueStore<String, byte[]> log;

    DecideProcessor(DeliverySettings settings, java.time.Clock calendar) {
        this.settings = settings;
        this.calendar = calendar;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.told = context.getStateStore(TOLD);
        this.held = context.getStateStore(HELD);
        this.gathering = context.getStateStore(GATHERING);
        this.log = context.getStateStore(DeliveryTopology.NOTIFICATION_LOG);
        context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::tick);
        context.schedule(FORGET_EVERY, PunctuationType.WALL_CLOCK_TIME, this::forget);
    }

    @Override
    public void process(Record<String, Routed> record) {
        Routed routed = record.value();
        if (routed == null || routed.breach() == null || routed.to() == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        if (routed.deferred()) {
            defer(routed, now);
        } else if (routed.breach().state() == Breach.State.RESOLVED) {
            resolved(routed, now);
        } else {
            firing(routed, now);
        }
    }

    private void firing(Routed routed, long now) {
        Breach breach = routed.breach();
        String recipient = routed.to().key();
        Gathering waiting = gathering.get(recipient);
        Gathering.Entry entry = waiting == null ? null : waiting.find(breach.id());
        if (entry != null && !Told.RESOLVED.equals(entry.phase())) {
            // A newer version of a breach already waiting replaces it: one breach, one mention, its newest figures.
            String phase = Told.FIRING.equals(entry.phase()) ? Told.FIRING : Told.update(breach.count());
            gather(routed.to(), waiting, new Gathering.Entry(breach, phase), now);
            return;
        }
        Told last = told(breach.id(), recipient);
        if (last == null || last.deferred()) {
            gather(routed.to(), waiting, new Gathering.Entry(breach, Told.FIRING), now);
            return;
        }
        if (breach.count() <= last.count()) {
            return;  // nothing new since the last message
        }
        long due = last.at() + settings.groupInterval().toMillis();
        if (now >= due) {
            gather(routed.to(), waiting, new Gathering.Entry(breach, Told.update(breach.count())), now);
        } else {
            held.put(heldKey(recipient, breach.id()), new Held(routed, due));
        }
    }

    private void resolved(Routed routed, long now) {
        Breach breach = routed.breach();
        String recipient = routed.to().key();
        held.delete(heldKey(recipient, breach.id()));
        Gathering waiting = gathering.get(recipient);
        Gathering.Entry entry = waiting == null ? null : waiting.find(breach.id());
        Told last = told(breach.id(), recipient);
        if (last == null || last.deferred()) {
            if (entry == null) {
                return;  // never told it fired, and not about to be: nothing to resolve for this recipient
            }
            // It fired and resolved before its first message left (a backlog read at start, an outage).
            if (resolvedAt(breach) < now - settings.resolvedHorizon().toMillis()) {
                keep(recipient, waiting.without(breach.id()));  // history, not news
            } else {
                gather(routed.to(), waiting, new Gathering.Entry(breach, Told.RESOLVED), now);
            }
            return;
        }
        if (last.resolved() || !settings.sendResolved()) {
            if (entry != null) {
                keep(recipient, waiting.without(breach.id()));  // an update of what is over is no news
            }
            return;
        }
        gather(routed.to(), waiting, new Gathering.Entry(breach, Told.RESOLVED), now);
    }

    /** Digests and quiet hours: each new version once to the deferred queue, unless the recipient was told already. */
    private void defer(Routed routed, long now) {
        Breach breach = routed.breach();
        String recipient = routed.to().key();
        if (NotificationLookup.delivered(log, Notification.key(breach.id(), Told.FIRING, recipient))) {
            return;
        }
        Told last = told.get(toldKey(breach.id(), recipient));
        if (last != null && (!last.deferred() || last.count() >= breach.count())) {
            return;
        }
        // Stamped by the calendar clock, which says when the digest is due.
        context.forward(new Record<>(recipient, new DeferredBreach(routed.to().subscription(), routed.to().channelId(), breach,
                calendar.instant()), now));
        told.put(toldKey(breach.id(), recipient), new Told(Told.DEFERRED, breach.count(), now));
    }

    private void gather(Address to, Gathering waiting, Gathering.Entry entry, long now) {
        Gathering next = (waiting == null ? Gathering.empty(to, now) : waiting).with(to, entry, now);
        if (next.entries().size() >= MAX_GATHERED) {
            send(next, now);
            gathering.delete(to.key());
        } else {
            gathering.put(to.key(), next);
        }
    }

    private void keep(String recipient, Gathering waiting) {
        if (waiting.entries().isEmpty()) {
            gathering.delete(recipient);
        } else {
            gathering.put(recipient, waiting);
        }
    }

    /** Updates whose group interval is over join their recipient's next message; gatherings whose wait is over leave. */
    private void tick(long now) {
        List<KeyValue<String, Held>> due = new ArrayList<>();
        try (KeyValueIterator<String, Held> all = held.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.releaseAt() <= now) {
                    due.add(entry);
                }
            });
        }
        for (KeyValue<String, Held> entry : due) {
            held.delete(entry.key);
            firing(entry.value.routed(), now);  // decided again: something newer may have been told meanwhile
        }
        long quiet = Math.min(QUIET.toMillis(), settings.groupWait().toMillis());
        List<Gathering> ready = new ArrayList<>();
        try (KeyValueIterator<String, Gathering> all = gathering.all()) {
            all.forEachRemaining(entry -> {
                Gathering g = entry.value;
                if (now - g.last() >= quiet || now - g.first() >= settings.groupWait().toMillis()) {
                    ready.add(g);
                }
            });
        }
        for (Gathering g : ready) {
            send(g, now);
            gathering.delete(g.to().key());
        }
    }

    /** The gathered breaches as messages of a readable size, in order, and what they tell remembered. */
    private void send(Gathering g, long now) {
        Address to = g.to();
        int size = to.type() == Subscription.ChannelType.WEBHOOK ? PER_WEBHOOK_MESSAGE : PER_MESSAGE;
        List<Gathering.Entry> entries = g.entries();
        for (int from = 0; from < entries.size(); from += size) {
            List<Gathering.Entry> chunk = entries.subList(from, Math.min(entries.size(), from + size));
            OutboundMessage message = new OutboundMessage(to.key(), to.subscription(), to.channelId(), to.type(), to.sealed(),
                    chunk.stream().map(Gathering.Entry::breach).toList(), chunk.stream().map(Gathering.Entry::phase).toList(),
                    Instant.ofEpochMilli(now));
            context.forward(new Record<>(to.receiver(), message, now));
        }
        for (Gathering.Entry entry : entries) {
            told.put(toldKey(entry.breach().id(), to.key()), new Told(entry.phase(), entry.breach().count(), now));
        }
    }

    /** What was decided for this breach and recipient, or else what the notification log says was told. */
    private Told told(String breachId, String recipient) {
        Told decided = told.get(toldKey(breachId, recipient));
        if (decided != null) {
            return decided;
        }
        return NotificationLookup.latest(log, breachId, recipient)
                .map(n -> new Told(n.state(), n.count() == null ? Integer.MAX_VALUE : n.count(), n.deliveredAt().toEpochMilli()))
                .orElse(null);
    }

    /** Memory of breaches told longer ago than the notification log keeps is let go, as the log lets go of them. */
    private void forget(long now) {
        long before = now - Topics.NOTIFICATION_HORIZON.toMillis();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Told> all = told.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.at() < before) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(told::delete);
    }

    private static long resolvedAt(Breach breach) {
        Instant at = breach.updatedAt() != null ? breach.updatedAt() : breach.firedAt();
        return at == null ? Long.MIN_VALUE : at.toEpochMilli();
    }

    static String toldKey(String breachId, String recipient) {
        return breachId + "|" + recipient;
    }

    static String heldKey(String recipient, String breachId) {
        return recipient + "|" + breachId;
    }
}
