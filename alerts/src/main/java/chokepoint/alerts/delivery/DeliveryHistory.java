package chokepoint.alerts.delivery;

import chokepoint.kafka.KafkaClients;
import chokepoint.alerts.live.TopicTail;
import chokepoint.records.DeliveryAttempt;
import chokepoint.run.RunningLoops;
import chokepoint.topics.Topics;

import java.util.List;

/**
 * Every delivery attempt and its outcome, newest first, followed from {@code chokepoint.delivery-attempts}: what
 * the API answers per subscription and per breach. Keeps the newest attempts in memory; the topic keeps a year.
 */
public final class DeliveryHistory implements AutoCloseable {

    private static final int KEPT = 20_000;
    private final TopicTail<DeliveryAttempt> tail;

    /** @param process the loops of this process, which the history's follower joins */
    public DeliveryHistory(KafkaClients clients, RunningLoops process) {
        tail = new TopicTail<>(clients, Topics.DELIVERY_ATTEMPTS, KEPT, process);
    }

    public List<DeliveryAttempt> ofSubscription(String subscriptionId, int limit) {
        return tail.recent().stream().filter(a -> subscriptionId.equals(a.subscription())).limit(limit).toList();
    }

    public List<DeliveryAttempt> ofBreach(String breachId, int limit) {
        // Either form of the id: attempts recorded before ids lost their '|' are found by the new one too.
        return tail.recent().stream().filter(a -> a.breachIds().stream().anyMatch(b -> chokepoint.records.BreachIds.same(b, breachId)))
                .limit(limit).toList();
    }

    /** The newest attempt of each recipient that was parked: channels failing now. */
    public List<DeliveryAttempt> recent(int limit) {
        return tail.recent().stream().limit(limit).toList();
    }

    @Override
    public void close() {
        tail.close();
    }
}
