package chokepoint.ingest;

import chokepoint.config.SourceConfig;
import chokepoint.ingest.feed.FeedEntry;
import chokepoint.ingest.feed.FeedParser;
import chokepoint.ingest.feed.Reading;
import chokepoint.ingest.feed.SourceReader;
import chokepoint.ingest.feed.ListSnapshot;
import chokepoint.ingest.feed.ItemNormalizer;
import chokepoint.outbound.FetchRefused;
import chokepoint.outbound.GuardedHttpClient;
import chokepoint.outbound.OutboundRequest;
import chokepoint.outbound.Urls;
import chokepoint.ingest.publish.IngestMemory;
import chokepoint.ingest.publish.ItemPublisher;
import chokepoint.records.Breach;
import chokepoint.records.Item;
import chokepoint.records.ListEntry;
import chokepoint.records.SourceState;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One poll of one source: conditional fetch, parse with the adapter of its kind, normalise, keep what was not published before (or
 * changed since), publish it with the source's new state in one transaction. A failing source records its error
 * in its state and never disturbs the others.
 */
public final class SourcePoller {

    private static final Logger LOG = LoggerFactory.getLogger(SourcePoller.class);

    private final GuardedHttpClient http;
    private final SourceReader reader;
    private final ItemNormalizer normalizer = new ItemNormalizer();
    private final ItemPublisher publisher;
    private final IngestMemory memory;
    private final Clock clock;
    /** A source that listed at least this many entries and then none has broken, not gone quiet. */
    static final int MANY_ENTRIES = 3;
    /** A failed attempt that took longer than this says so in its error. */
    private static final long SLOW_ATTEMPT_MS = 5_000;

    private final java.util.random.RandomGenerator random = new java.util.Random();

    public SourcePoller(GuardedHttpClient http, ItemPublisher publisher, IngestMemory memory, Clock clock) {
        this.http = http;
        this.reader = new SourceReader(http);
        this.publisher = publisher;
        this.memory = memory;
        this.clock = clock;
    }

    /** Polls once; returns when to poll this source again. */
    public Duration poll(SourceConfig source) {
        SourceState before = memory.source(source.id());
        Instant now = clock.instant();
        long started = System.nanoTime();
        try {
            if ("list-snapshot".equals(source.kind())) {
                return pollList(source, before, now);
            }
            Reading reading = readWithFallback(source, before, now);
            if (reading.notModified()) {
                // The panel's last attempt is the last attempt, a 304 included: the state is written at every poll.
                SourceState answered = before.succeeded(now, 304, reading.etag(), reading.lastModified(), 0, null);
                Duration next = onRhythm(source, answered, now);
                SourceState after = scheduled(source, answered, now, next);
                Breach health = SourceHealth.onSuccess(before, after, 0, now);
                publisher.publish(List.of(), SourceHealth.track(after, health), health, memory);
                return next;
            }
            if (reading.entryCount() == 0 && before.lastEntryCount() != null && before.lastEntryCount() >= MANY_ENTRIES) {
                throw new FeedParser.InvalidFeed("the source listed no entries where it listed " + before.lastEntryCount()
                        + " at the last poll: it may have changed its layout or address", null);
            }
            List<Item> fresh = freshItems(source, reading.entries(), now);
            if (before.lastSuccess() == null && source.baselineOnFirstPoll()) {
                // Published before Chokepoint watched the source: kept and shown, but no live breach counts it.
                fresh = fresh.stream().map(Item::asBaseline).toList();
            }
            SourceState answered = before.succeeded(now, 200, reading.etag(), reading.lastModified(), fresh.size(),
                    reading.entryCount()).withNote(reading.note())
                    .withPublished(fresh.stream().map(Item::published).filter(java.util.Objects::nonNull).toList(),
                            PublishingRhythm.zoneOf(source));
            Duration next = onRhythm(source, answered, now);
            SourceState after = scheduled(source, answered, now, next);
            Breach health = SourceHealth.onSuccess(before, after, fresh.size(), now);
            publisher.publish(fresh, SourceHealth.track(after, health), health, memory);
            if (!fresh.isEmpty()) {
                LOG.info("source {}: published {} item(s)", source.id(), fresh.size());
                Metrics.counter("chokepoint.ingest.items", "source", source.id()).increment(fresh.size());
            }
            return next;
        } catch (FetchRefused e) {
            recordFailure(before, now, e.status(), e.getMessage() + tookLong(started));
            return PollSchedule.next(source.interval(), before.consecutiveFailures() + 1, e.retryAfter(), random);
        } catch (FeedParser.InvalidFeed e) {
            recordFailure(before, now, 200, e.getMessage());
            return PollSchedule.next(source.interval(), before.consecutiveFailures() + 1, null, random);
        } catch (RuntimeException | StackOverflowError e) {
            if (ItemPublisher.fenced(e)) {
                throw e;  // this worker must stop (IngestWorker), not carry on polling
            }
            // Whatever else goes wrong with this source (a page no parser expected, Kafka refusing what it made) is
            // this source's failure, shown, alerted and backed off like a refused fetch: never a source that
            // silently stops being polled.
            LOG.warn("source {}: poll failed", source.id(), e);
            recordFailure(before, now, null, "cannot process what the source sent: " + describe(e));
            return PollSchedule.next(source.interval(), before.consecutiveFailures() + 1, null, random);
        }
    }

    /** The next poll of a source that answered: on its publisher's rhythm ({@link PublishingRhythm}). */
    private static Duration onRhythm(SourceConfig source, SourceState state, Instant now) {
        return PublishingRhythm.of(source, state).next(now, source.interval());
    }

    /** The state with its windows and next poll, as the panel shows them. */
    private static SourceState scheduled(SourceConfig source, SourceState state, Instant now, Duration next) {
        return state.withSchedule(PublishingRhythm.of(source, state).describe(), now.plus(next));
    }

    /** Reads the source, or its fallback when its address is gone ({@link SourceReader#readWithFallback}). */
    private Reading readWithFallback(SourceConfig source, SourceState before, Instant now)
            throws FetchRefused, FeedParser.InvalidFeed {
        Predicate<String> known = link -> {
            String id = ItemNormalizer.idForLink(source, link);
            return id != null && memory.knows(id);
        };
        return reader.readWithFallback(source, before, now, known);
    }

    /** How long a failed attempt took, when that is part of the story (a quick refusal that came late). */
    private static String tookLong(long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        return millis < SLOW_ATTEMPT_MS ? "" : " (after " + millis / 1000 + "." + millis % 1000 / 100 + " s)";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + (message.length() > 300 ? message.substring(0, 300) + "…" : message);
    }

    /**
     * A list published whole: compare with the entries last seen and publish what was added or removed. The first
     * snapshot of a source is its baseline: recorded, not announced (thousands of "additions" would be noise); so is the
     * first snapshot after entries were keyed anew. A snapshot that would add or remove more than the source's
     * {@code mass-change} share is held and alarms: a faulty snapshot (15,000 entries vanished from the list for a while
     * in 2024) is likelier than policy; it is published when two later snapshots show the same change.
     */
    private Duration pollList(SourceConfig source, SourceState before, Instant now) throws FetchRefused, FeedParser.InvalidFeed {
        OutboundRequest request = OutboundRequest.conditionalGet(Urls.parse(source.url()), before.etag(), before.lastModified());
        if (source.maxBodyBytes() != null) {
            request = request.withMaxBodyBytes(source.maxBodyBytes());
        }
        GuardedHttpClient.Streamed<Map<String, ListEntry>> answer = http.stream(request,
                (GuardedHttpClient.BodyReader<Map<String, ListEntry>, FeedParser.InvalidFeed>) (body, type, uri) -> ListSnapshot.read(body));
        if (answer.notModified()) {
            SourceState after = before.succeeded(now, 304, before.etag(), before.lastModified(), 0, null);
            Breach health = SourceHealth.onSuccess(before, after, 0, now);
            publisher.publish(List.of(), SourceHealth.track(after, health), health, memory);
            return source.interval();
        }
        Map<String, ListEntry> current = answer.value();
        Map<String, ListEntry> previous = memory.listEntries(source.id());
        if (current.isEmpty() && !previous.isEmpty()) {
            throw new FeedParser.InvalidFeed("the list arrived empty where it held " + previous.size() + " entries", null);
        }
        boolean rekeyed = !previous.isEmpty() && previous.keySet().stream().noneMatch(k -> k.startsWith(ListSnapshot.KEY_SCHEME));
        boolean baseline = previous.isEmpty() && before.lastSuccess() == null || rekeyed;
        SourceState after = before.succeeded(now, 200, answer.etag(), answer.lastModified(), 0, current.size());
        if (!baseline) {
            long added = current.keySet().stream().filter(k -> !previous.containsKey(k)).count();
            long removed = previous.keySet().stream().filter(k -> !current.containsKey(k)).count();
            if (added + removed > source.effectiveMassChange() * previous.size()) {
                String held = ListSnapshot.fingerprint(previous, current) + "|" + added + "|" + removed + "|" + previous.size();
                boolean same = before.heldChange() != null && before.heldChange().startsWith(held.substring(0, held.indexOf('|')));
                int agreements = same ? before.heldAgreements() + 1 : 0;
                if (agreements < SNAPSHOTS_TO_AGREE) {
                    SourceState holding = after.withHeldChange(held, agreements).withNote(SourceHealth.heldNote(held, agreements));
                    Breach health = same ? null : SourceHealth.massChange(holding, held, now);
                    publisher.publish(List.of(), SourceHealth.track(holding, health), health, memory);
                    LOG.warn("source {}: {}", source.id(), holding.note());
                    return source.interval();
                }
                LOG.info("source {}: {} later snapshots agree with the held change; publishing it", source.id(), agreements);
            }
        }
        List<Item> changes = baseline ? List.of() : freshItems(source, ListSnapshot.changes(previous, current, now), now);
        Map<String, ListEntry> entryChanges = new LinkedHashMap<>();
        current.forEach((id, entry) -> {
            if (!entry.equals(previous.get(id))) {
                entryChanges.put(source.id() + "|" + id, entry);
            }
        });
        previous.keySet().stream().filter(id -> !current.containsKey(id))
                .forEach(id -> entryChanges.put(source.id() + "|" + id, null));
        SourceState published = before.succeeded(now, 200, answer.etag(), answer.lastModified(), changes.size(), current.size())
                .withHeldChange(null, 0).withNote(null);
        Breach health = before.heldChange() != null ? SourceHealth.massChangeEnded(before, now) : SourceHealth.onSuccess(before, published, changes.size(), now);
        publisher.publish(changes, SourceHealth.track(published, health), health, entryChanges, memory);
        LOG.info("source {}: {} entries, {} change(s) published{}", source.id(), current.size(), changes.size(),
                rekeyed ? " (entries keyed anew: baseline)" : baseline ? " (first snapshot: baseline)" : "");
        return source.interval();
    }

    /** Snapshots after a held one that must show the same change before it is published. */
    static final int SNAPSHOTS_TO_AGREE = 2;

    private List<Item> freshItems(SourceConfig source, List<FeedEntry> entries, Instant now) {
        List<Item> items = normalizer.normalizeAll(source, entries, now);
        Map<String, String> legacyIds = new java.util.HashMap<>();
        for (FeedEntry entry : entries) {
            String legacy = ItemNormalizer.legacyId(source, entry);
            String link = ItemNormalizer.idForLink(source, entry.link());
            if (legacy != null && link != null) {
                legacyIds.put(link, legacy);
            }
        }
        // One entry listed twice with the same identity and content is one item; listed twice with different
        // content, the last copy wins, as it would at the next poll anyway (said in the log).
        Map<String, Item> byId = new LinkedHashMap<>();
        for (Item item : items) {
            Item earlier = byId.put(item.id(), item);
            if (earlier != null && !earlier.contentHash().equals(item.contentHash())) {
                LOG.info("source {}: two entries with one identity ({}); the later one is kept", source.id(), item.url());
            }
        }
        List<Item> fresh = new ArrayList<>();
        for (Item item : byId.values()) {
            if (memory.alreadyPublished(item.id(), item.contentHash())) {
                memory.noteSeenAgain(item.id());
                continue;
            }
            if (memory.knows(item.id())) {
                // The same document, changed (GOV.UK gives an updated document a new Atom id, but the same link).
                fresh.add(item.asRevision());
                continue;
            }
            String legacy = legacyIds.get(item.id());
            if (legacy != null && !memory.knows(item.id()) && memory.alreadyPublished(legacy, item.contentHash())) {
                continue;  // published before identity went to links first, under its guid
            }
            fresh.add(item);
        }
        return fresh;
    }

    private void recordFailure(SourceState before, Instant now, Integer status, String error) {
        LOG.warn("source {}: {}", before.sourceId(), error);
        Metrics.counter("chokepoint.ingest.fetch.errors", "source", before.sourceId()).increment();
        SourceState failed = before.failed(now, status, error);
        Breach health = SourceHealth.onFailure(failed, now);
        if (health != null) {
            failed = failed.withHealthBreach(health.id());
            LOG.warn("source {}: {} failures in a row, raising a health breach", before.sourceId(), failed.consecutiveFailures());
        }
        try {
            publisher.publish(List.of(), failed, health, memory);
        } catch (RuntimeException e) {
            if (ItemPublisher.fenced(e)) {
                throw e;  // this worker must stop (IngestWorker), not carry on polling
            }
            LOG.warn("source {}: cannot record failure: {}", before.sourceId(), e.toString());
        }
    }
}
