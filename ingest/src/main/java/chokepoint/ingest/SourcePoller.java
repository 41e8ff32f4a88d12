package chokepoint.ingest;

import chokepoint.config.SourceConfig;
import chokepoint.ingest.feed.FeedEntry;
import chokepoint.ingest.feed.FeedParser;
import chokepoint.ingest.feed.HtmlSource;
import chokepoint.ingest.feed.ListSnapshot;
import chokepoint.ingest.feed.SourceAdapter;
import chokepoint.ingest.feed.ItemNormalizer;
import chokepoint.ingest.fetch.FetchRefused;
import chokepoint.ingest.fetch.FetchResult;
import chokepoint.ingest.fetch.GuardedHttpClient;
import chokepoint.ingest.publish.IngestMemory;
import chokepoint.ingest.publish.ItemPublisher;
import chokepoint.records.Breach;
import chokepoint.records.Item;
import chokepoint.records.ListEntry;
import chokepoint.records.SourceState;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
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
            FetchResult result = http.get(URI.create(source.url()), before.etag(), before.lastModified());
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
        }
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
        // A feed may list the same entry twice; the last copy wins, as it does on the next poll anyway.
        Map<String, Item> byId = new LinkedHashMap<>();
        for (FeedEntry entry : entries) {
            Item item = normalizer.normalize(source, entry, now);
            if (!item.title().isEmpty() || !item.text().isEmpty()) {
                byId.put(item.id(), item);
            }
        }
        List<Item> fresh = new ArrayList<>();
        for (Item item : byId.values()) {
            if (!memory.alreadyPublished(item.id(), item.contentHash())) {
                fresh.add(item);
            }
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
