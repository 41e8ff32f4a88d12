package chokepoint.alerts.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slack allows about one message a second per webhook. Every message to one webhook is sent by the sender that owns
 * its outbox partition, one after the other, so a pace counted here holds across instances: each request starts at
 * least {@code slack-pace} after the webhook answered the previous one (from the answer, not the request, so that a slow
 * first exchange cannot bring the next arrival closer), and after a partition is taken over, {@code slack-pace} after
 * the hand-over, as the previous owner may have just sent. Real time, whatever clock delivery is given.
 */
final class SlackPace {

    private final long paceMillis;
    private final Map<String, Long> lastAnswer = new ConcurrentHashMap<>();
    private final Map<Integer, Long> takenOver = new ConcurrentHashMap<>();

    SlackPace(Duration pace) {
        this.paceMillis = pace.toMillis();
    }

    /** How long to wait before the next request to {@code receiver}, whose messages are in {@code partition}. */
    long waitMillis(String receiver, int partition) {
        long last = Math.max(lastAnswer.getOrDefault(receiver, Long.MIN_VALUE / 2), takenOver.getOrDefault(partition, Long.MIN_VALUE / 2));
        return Math.max(0, last + paceMillis - System.currentTimeMillis());
    }

    void answered(String receiver) {
        lastAnswer.put(receiver, System.currentTimeMillis());
    }

    void assigned(Collection<Integer> partitions) {
        long now = System.currentTimeMillis();
        partitions.forEach(partition -> takenOver.put(partition, now));
    }
}
