package chokepoint.alerts.threshold;

import chokepoint.records.Breach;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The times and severities of each group's references within its span (its window, or a rate rule's baseline) up
 * to its clock, kept in memory: every indicator that moves a group's clock takes out of its figures what left the
 * window, and the profile of a thousand rules showed that range read of {@code threshold-refs} (a RocksDB seek and
 * the decoding of what it finds) as the largest part of counting a hit. Read from the store once per group, then
 * kept up to date by the in-order indicators that move the clock; anything else that changes a group's references
 * (a late indicator, a withdrawal, a better copy, a rule change, forgetting the group) drops the group's entry, and
 * the next use reads the store again. What is kept is never newer than the group's clock: {@link RememberedRefs}
 * holds nothing newer.
 */
final class RecentWindows {

    /** Groups kept, the least recently used leave. */
    static final int KEPT_GROUPS = 5_000;
    /** A window longer than this is not kept (about 40 bytes each): it is read from the store as before. */
    static final int MOST_REFS = 20_000;

    /** A reference's time and severity: what the figures need of it. */
    record Entry(Instant at, long severity) {
    }

    /** A group's entries in (clock - span, clock], oldest first. */
    private record Window(Instant clock, Duration span, ArrayDeque<Entry> entries) {
    }

    private final RememberedRefs refs;
    private final Map<String, Window> kept = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > KEPT_GROUPS;
        }
    };

    RecentWindows(RememberedRefs refs) {
        this.refs = refs;
    }

    /**
     * The group's references with times in (from, to], oldest first, where {@code from} is not before
     * {@code clock - span} (the group's clock and span).
     */
    List<Entry> between(String stateKey, Instant clock, Duration span, Instant from, Instant to) {
        Window window = window(stateKey, clock, span);
        List<Entry> found = new ArrayList<>();
        for (Entry entry : window.entries()) {
            if (entry.at().isAfter(to)) {
                break;
            }
            if (entry.at().isAfter(from)) {
                found.add(entry);
            }
        }
        return found;
    }

    /**
     * The group's clock moved from {@code before} to the time of {@code counted}, an indicator counted in order: it
     * joins the window and what left the span is dropped. A group not kept at {@code before} is left to the store.
     */
    void counted(String stateKey, Instant before, Duration span, Breach.IndicatorRef counted) {
        Window window = kept.get(stateKey);
        if (window == null || !window.clock().equals(before) || !window.span().equals(span)) {
            kept.remove(stateKey);
            return;
        }
        Instant clock = counted.occurredAt();
        ArrayDeque<Entry> entries = window.entries();
        Instant start = clock.minus(span);
        while (!entries.isEmpty() && !entries.peekFirst().at().isAfter(start)) {
            entries.pollFirst();
        }
        entries.addLast(new Entry(clock, counted.severity()));
        if (entries.size() > MOST_REFS) {
            kept.remove(stateKey);
        } else {
            kept.put(stateKey, new Window(clock, span, entries));
        }
    }

    /** The group's references changed otherwise than by an indicator in order: read them from the store next time. */
    void changed(String stateKey) {
        kept.remove(stateKey);
    }

    private Window window(String stateKey, Instant clock, Duration span) {
        Window window = kept.get(stateKey);
        if (window != null && window.clock().equals(clock) && window.span().equals(span)) {
            return window;
        }
        ArrayDeque<Entry> entries = new ArrayDeque<>();
        for (Breach.IndicatorRef ref : refs.between(stateKey, clock.minus(span), clock)) {
            entries.addLast(new Entry(ref.occurredAt(), ref.severity()));
        }
        window = new Window(clock, span, entries);
        if (entries.size() <= MOST_REFS) {
            kept.put(stateKey, window);
        } else {
            kept.remove(stateKey);
        }
        return window;
    }
}
