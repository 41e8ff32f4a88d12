package chokepoint.ingest.publish;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.ListEntry;
import chokepoint.records.SourceState;
import chokepoint.topics.TopicReader;
import chokepoint.topics.Topics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What ingest remembers between polls and across restarts: the content hash of every item its sources published
 * and the state of every source. It lives in compacted topics, read back ({@code read_committed}, so only what was
 * published in a committed transaction counts as seen) when the worker is given sources: the marks of those
 * sources' partitions only ({@link SeenPartitions}).
 *
 * <p>Seen-marks are kept for {@link Topics#SEEN_HORIZON}, not forever: the topic deletes older ones and this memory
 * forgets them, so that it holds items a day × the horizon, not every item ever. An item still listed by its source
 * has its mark renewed when the mark is half the horizon old ({@link #noteSeenAgain}), so a listing page of laws that
 * shows the same documents for years does not republish them; an item that left its feed and comes back after the
 * horizon is published again (its indicator keeps its id, so nothing fires twice).
 */
public final class IngestMemory {

    /** Several times the ingest producers' transaction timeout (20 s): beyond it, a transaction is hung, not slow. */
    private static final Duration SETTLE_PATIENCE = Duration.ofMinutes(2);

    private final Map<String, Mark> seen = new ConcurrentHashMap<>();
    private final Map<String, Mark> toRenew = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Instant prunedAt = Instant.EPOCH;

    /**
     * What was published under an item id, when its mark was last written, and the partition of the seen-marks topic
     * it is in (its source's: {@link SeenPartitions}).
     */
    public record Mark(String contentHash, Instant markedAt, int partition) {
    }

    public IngestMemory() {
        this(Clock.systemUTC());
    }

    public IngestMemory(Clock clock) {
        this.clock = clock;
    }
    private final Map<String, SourceState> sources = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ListEntry>> lists = new ConcurrentHashMap<>();

    /** The state of every source and list; seen-marks come with the sources a worker is given ({@link #reload}). */
    public static IngestMemory load(KafkaClients clients) {
        IngestMemory memory = new IngestMemory(Clock.systemUTC());
        memory.reload(clients, Set.of());
        return memory;
    }

    /**
     * Reads the topics again: what every worker has published up to now (committed transactions only), after the
     * transactions open now have ended. Reading only to the last stable offset would miss what others published
     * behind a transaction a dead worker left open, and those items would be published again. Seen-marks are read
     * only from {@code seenPartitions}, the partitions of the sources this worker owns now; marks of other partitions
     * are dropped, so a worker holds its share of the marks, not all of them.
     */
    public void reload(KafkaClients clients, Set<Integer> seenPartitions) {
        keepOnly(seenPartitions);
        Instant horizon = clock.instant().minus(Topics.SEEN_HORIZON);
        TopicReader.readSettled(clients, Topics.INGEST_SEEN, seenPartitions, (id, mark, partition) -> {
            if (mark == null || mark.lastMarked() != null && mark.lastMarked().isBefore(horizon)) {
                seen.remove(id);
            } else {
                seen.put(id, new Mark(mark.contentHash(), mark.lastMarked() == null ? clock.instant() : mark.lastMarked(), partition));
            }
        }, SETTLE_PATIENCE);
        TopicReader.readSettled(clients, Topics.INGEST_SOURCES, (id, state) -> {
            if (state != null) {
                sources.put(id, state);
            }
        }, SETTLE_PATIENCE);
        TopicReader.readSettled(clients, Topics.LIST_ENTRIES, this::applyListChange, SETTLE_PATIENCE);
    }

    /** Forgets the marks of partitions this worker no longer owns: their sources are polled elsewhere now. */
    public void keepOnly(Set<Integer> seenPartitions) {
        seen.values().removeIf(mark -> !seenPartitions.contains(mark.partition()));
        toRenew.values().removeIf(mark -> !seenPartitions.contains(mark.partition()));
    }

    /** The entries of a list source as last seen, by entry id. */
    public Map<String, ListEntry> listEntries(String sourceId) {
        return Map.copyOf(lists.getOrDefault(sourceId, Map.of()));
    }

    /** Applies a change keyed {@code sourceId|entryId}; a null entry removes it. */
    public void applyListChange(String key, ListEntry entry) {
        int bar = key.indexOf('|');
        if (bar < 0) {
            return;
        }
        Map<String, ListEntry> list = lists.computeIfAbsent(key.substring(0, bar), k -> new ConcurrentHashMap<>());
        if (entry == null) {
            list.remove(key.substring(bar + 1));
        } else {
            list.put(key.substring(bar + 1), entry);
        }
    }

    /** True when an item with this id and content was already published. */
    public boolean alreadyPublished(String itemId, String contentHash) {
        Mark mark = seen.get(itemId);
        return mark != null && contentHash.equals(mark.contentHash());
    }

    public boolean knows(String itemId) {
        return seen.containsKey(itemId);
    }

    /** @param partition the partition of the seen-marks topic the mark was written to */
    public void remember(String itemId, String contentHash, int partition) {
        seen.put(itemId, new Mark(contentHash, clock.instant(), partition));
        toRenew.remove(itemId);
    }

    /**
     * An item published before was listed again, unchanged: when its mark is half the horizon old, it is renewed with
     * the next publication of any source ({@link #drainRenewals}), so that what a source still lists stays known.
     */
    public void noteSeenAgain(String itemId) {
        Mark mark = seen.get(itemId);
        if (mark != null && mark.markedAt().isBefore(clock.instant().minus(Topics.SEEN_HORIZON.dividedBy(2)))) {
            toRenew.put(itemId, mark);
        }
    }

    /**
     * The marks to write again (each to its own partition), taken: a publication that fails loses them until their
     * items are listed again.
     */
    public List<Map.Entry<String, Mark>> drainRenewals() {
        List<Map.Entry<String, Mark>> out = new ArrayList<>();
        for (String id : List.copyOf(toRenew.keySet())) {
            Mark mark = toRenew.remove(id);
            if (mark != null) {
                out.add(Map.entry(id, mark));
            }
        }
        return out;
    }

    /** Forgets marks past the horizon, at most once an hour: the topic has deleted (or will delete) them too. */
    public void forgetPastHorizon() {
        Instant now = clock.instant();
        if (now.isBefore(prunedAt.plus(Duration.ofHours(1)))) {
            return;
        }
        prunedAt = now;
        Instant horizon = now.minus(Topics.SEEN_HORIZON);
        seen.values().removeIf(mark -> mark.markedAt().isBefore(horizon));
    }

    public SourceState source(String sourceId) {
        return sources.getOrDefault(sourceId, SourceState.initial(sourceId));
    }

    public void update(SourceState state) {
        sources.put(state.sourceId(), state);
    }

    public int seenCount() {
        return seen.size();
    }
}
