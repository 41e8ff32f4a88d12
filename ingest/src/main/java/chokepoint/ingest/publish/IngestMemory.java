package chokepoint.ingest.publish;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.ListEntry;
import chokepoint.records.SourceState;
import chokepoint.topics.TopicReader;
import chokepoint.topics.Topics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What ingest remembers between polls and across restarts: the content hash of every published item and the
 * state of every source. It lives in two compacted topics and is read back in full at start-up
 * ({@code read_committed}, so only what was published in a committed transaction counts as seen).
 */
public final class IngestMemory {

    /** Several times the ingest producers' transaction timeout (20 s): beyond it, a transaction is hung, not slow. */
    private static final Duration SETTLE_PATIENCE = Duration.ofMinutes(2);

    private final Map<String, String> seenHashes = new ConcurrentHashMap<>();
    private final Map<String, SourceState> sources = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ListEntry>> lists = new ConcurrentHashMap<>();

    public static IngestMemory load(KafkaClients clients) {
        IngestMemory memory = new IngestMemory();
        memory.reload(clients);
        return memory;
    }

    /**
     * Reads the topics again: what every worker has published up to now (committed transactions only), after the
     * transactions open now have ended. Reading only to the last stable offset would miss what others published
     * behind a transaction a dead worker left open, and those items would be published again.
     */
    public void reload(KafkaClients clients) {
        TopicReader.readSettled(clients, Topics.INGEST_SEEN, (id, seen) -> {
            if (seen == null) {
                seenHashes.remove(id);
            } else {
                seenHashes.put(id, seen.contentHash());
            }
        }, SETTLE_PATIENCE);
        TopicReader.readSettled(clients, Topics.INGEST_SOURCES, (id, state) -> {
            if (state != null) {
                sources.put(id, state);
            }
        }, SETTLE_PATIENCE);
        TopicReader.readSettled(clients, Topics.LIST_ENTRIES, this::applyListChange, SETTLE_PATIENCE);
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
        return contentHash.equals(seenHashes.get(itemId));
    }

    public boolean knows(String itemId) {
        return seenHashes.containsKey(itemId);
    }

    public void remember(String itemId, String contentHash) {
        seenHashes.put(itemId, contentHash);
    }

    public SourceState source(String sourceId) {
        return sources.getOrDefault(sourceId, SourceState.initial(sourceId));
    }

    public void update(SourceState state) {
        sources.put(state.sourceId(), state);
    }

    public int seenCount() {
        return seenHashes.size();
    }
}
