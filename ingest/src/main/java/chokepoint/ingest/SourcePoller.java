package chokepoint.ingest;

import chokepoint.config.SourceConfig;
import chokepoint.ingest.feed.FeedEntry;
import chokepoint.ingest.feed.FeedParser;
import chokepoint.ingest.feed.HtmlSource;
import chokepoint.ingest.feed.ListSnapshot;
import chokepoint.ingest.feed.SourceAdapter;
import chokepoint.ingest.feed.ItemNormalizer;
import chokepoint.outbound.FetchRefused;
import chokepoint.outbound.FetchResult;
import chokepoint.outbound.GuardedHttpClient;
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

/**
 * One poll of one source: conditional fetch, parse with the adapter of its kind, normalise, keep what was not published before (or
 * changed since), publish it with the source's new state in one transaction. A failing source records its error
 * in its state and never disturbs the others.
 */
public final class SourcePoller {

    private static final Logger LOG = LoggerFactory.getLogger(SourcePoller.class);

    private final GuardedHttpClient http;
    private final ItemNormalizer normalizer = new ItemNormalizer();
    private final ItemPublisher publisher;
    private final IngestMemory memory;
    private final Clock clock;
    /** How often the state of a source that keeps answering "not modified" is written anyway (its last success). */
    static final Duration STATE_REFRESH = Duration.ofMinutes(10);

    private final java.util.random.RandomGenerator random = new java.util.Random();

    public SourcePoller(GuardedHttpClient http, ItemPublisher publisher, IngestMemory memory, Clock clock) {
        this.http = http;
        this.publisher = publisher;
        this.memory = memory;
        this.clock = clock;
    }

    /** Polls once; returns when to poll this source again. */
    public Duration poll(SourceConfig source) {
        SourceState before = memory.source(source.id());
        Instant now = clock.instant();
        try {
            FetchResult result = http.get(Urls.parse(source.url()), before.etag(), before.lastModified());
            if (result.notModified()) {
                SourceState after = success(before, now, 304, before.etag(), before.lastModified(), 0);
                Breach health = SourceHealth.onSuccess(before, after, 0, now);
                if (health == null && quietlyHealthy(before, now)) {
                    // Nothing new and nothing wrong: no transaction for a timestamp; the state is written again
                    // when something changes or every STATE_REFRESH.
                    memory.update(after.withLastSuccess(before.lastSuccess()));
                } else {
                    publisher.publish(List.of(), SourceHealth.track(after, health), health, memory);
                }
                return source.interval();
            }
            if ("list-snapshot".equals(source.kind())) {
                return pollList(source, before, result, now);
            }
            List<FeedEntry> entries = "html".equals(source.kind())
                    ? HtmlSource.read(source, result, http, link -> {
                        String id = ItemNormalizer.idForLink(source, link);
                        return id != null && memory.knows(id);
                    })
                    : SourceAdapter.forKind(source.kind()).parse(result.body(), result.contentType());
            List<Item> fresh = freshItems(source, entries, now);
            SourceState after = success(before, now, 200, result.etag(), result.lastModified(), fresh.size());
            Breach health = SourceHealth.onSuccess(before, after, fresh.size(), now);
            publisher.publish(fresh, SourceHealth.track(after, health), health, memory);
            if (!fresh.isEmpty()) {
                LOG.info("source {}: published {} item(s)", source.id(), fresh.size());
                Metrics.counter("chokepoint.ingest.items", "source", source.id()).increment(fresh.size());
            }
            return source.interval();
        } catch (FetchRefused e) {
            recordFailure(before, now, e.status(), e.getMessage());
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

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + (message.length() > 300 ? message.substring(0, 300) + "…" : message);
    }

    /**
     * A list published whole: compare with the entries last seen and publish what was added or removed. The first
     * snapshot of a source is its baseline: recorded, not announced (thousands of "additions" would be noise).
     */
    private Duration pollList(SourceConfig source, SourceState before, FetchResult result, Instant now)
            throws FeedParser.InvalidFeed {
        Map<String, ListEntry> current = ListSnapshot.parse(result.body());
        Map<String, ListEntry> previous = memory.listEntries(source.id());
        boolean baseline = previous.isEmpty() && before.lastSuccess() == null;
        List<Item> changes = baseline ? List.of() : freshItems(source, ListSnapshot.changes(previous, current, now), now);
        Map<String, ListEntry> entryChanges = new LinkedHashMap<>();
        current.forEach((id, entry) -> {
            if (!entry.equals(previous.get(id))) {
                entryChanges.put(source.id() + "|" + id, entry);
            }
        });
        previous.keySet().stream().filter(id -> !current.containsKey(id))
                .forEach(id -> entryChanges.put(source.id() + "|" + id, null));
        SourceState after = success(before, now, 200, result.etag(), result.lastModified(), changes.size());
        Breach health = SourceHealth.onSuccess(before, after, changes.size(), now);
        publisher.publish(changes, SourceHealth.track(after, health), health, entryChanges, memory);
        LOG.info("source {}: {} entries, {} change(s) published{}", source.id(), current.size(), changes.size(),
                baseline ? " (first snapshot: baseline)" : "");
        return source.interval();
    }

    private static boolean quietlyHealthy(SourceState before, Instant now) {
        return before.consecutiveFailures() == 0 && before.healthBreachId() == null && before.lastSuccess() != null
                && before.lastSuccess().plus(STATE_REFRESH).isAfter(now);
    }

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

    private static SourceState success(SourceState before, Instant now, int status, String etag, String lastModified,
                                       int published) {
        SourceState after = new SourceState(before.sourceId(), etag, lastModified, now, now, status, null, 0,
                before.itemsPublished() + published, before.healthBreachId(), before.lastNewItemAt(), before.meanItemGap());
        return published > 0 ? after.withNewItems(now) : after;
    }

    private void recordFailure(SourceState before, Instant now, Integer status, String error) {
        LOG.warn("source {}: {}", before.sourceId(), error);
        Metrics.counter("chokepoint.ingest.fetch.errors", "source", before.sourceId()).increment();
        SourceState failed = new SourceState(before.sourceId(), before.etag(), before.lastModified(), now,
                before.lastSuccess(), status, error, before.consecutiveFailures() + 1, before.itemsPublished(),
                before.healthBreachId(), before.lastNewItemAt(), before.meanItemGap());
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
