package chokepoint.streams.fuse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The title prints of recent events, indexed by SimHash band in memory. It is derived state: the fusion task keeps
 * one print per event in a changelogged store and rebuilds this index from it whenever the task starts, so that a
 * copy costs one store write instead of a read-modify-write of every band (RocksDB prefix scans over deleted
 * entries were half of fusion's time).
 */
final class RecentTitles {

    /** Prints kept per band value; older ones fall out first, so that a headline published daily stays cheap. */
    static final int PRINTS_PER_BAND = 32;

    private final Duration window;
    private final long windowSeconds;
    private final Map<String, TitlePrint> byEvent = new HashMap<>();
    private final Map<Integer, List<TitlePrint>> byBand = new HashMap<>();
    private final PriorityQueue<TitlePrint> byAge = new PriorityQueue<>((a, b) -> a.seenAt().compareTo(b.seenAt()));
    private Instant newest;

    RecentTitles(Duration window) {
        this.window = window;
        this.windowSeconds = window.toSeconds();
    }

    /**
     * The event of a near-identical title seen within the window of {@code at}, unless both name official acts and
     * none in common: "Additions to the Entity List" is published every few weeks, each time a different rule.
     */
    String nearest(long hash, Instant at, Set<String> references) {
        for (int band = 0; band < SimHash.BANDS; band++) {
            for (TitlePrint candidate : byBand.getOrDefault(bandKey(hash, band), List.of())) {
                if (sharesEarlierBand(candidate.hash(), hash, band)) {
                    continue; // already weighed under that band
                }
                boolean close = Math.abs(candidate.seenAt().getEpochSecond() - at.getEpochSecond()) <= windowSeconds;
                if (close && SimHash.distance(candidate.hash(), hash) <= SimHash.NEAR && compatible(candidate, references)) {
                    return candidate.eventId();
                }
            }
        }
        return null;
    }

    /** Makes {@code print} the event's current print, replacing the one it had. */
    void remember(TitlePrint print) {
        TitlePrint previous = byEvent.put(print.eventId(), print);
        if (previous != null) {
            forEachBand(previous, prints -> prints.remove(previous));
        }
        forEachBand(print, prints -> {
            prints.add(print);
            if (prints.size() > PRINTS_PER_BAND) {
                prints.remove(oldest(prints));
            }
        });
        byAge.add(print);
        if (newest == null || print.seenAt().isAfter(newest)) {
            newest = print.seenAt();
        }
    }

    /** Forgets the prints that fell out of the window behind the newest one, telling {@code forgotten} their events. */
    void expire(Consumer<String> forgotten) {
        if (newest == null) {
            return;
        }
        Instant horizon = newest.minus(window);
        while (!byAge.isEmpty() && byAge.peek().seenAt().isBefore(horizon)) {
            TitlePrint old = byAge.poll();
            // A print replaced by a newer one of its event is only a stale entry of the queue.
            if (byEvent.get(old.eventId()) == old) {
                byEvent.remove(old.eventId());
                forEachBand(old, prints -> prints.remove(old));
                forgotten.accept(old.eventId());
            }
        }
    }

    int size() {
        return byEvent.size();
    }

    private void forEachBand(TitlePrint print, Consumer<List<TitlePrint>> action) {
        for (int band = 0; band < SimHash.BANDS; band++) {
            int key = bandKey(print.hash(), band);
            List<TitlePrint> prints = byBand.computeIfAbsent(key, k -> new ArrayList<>(2));
            action.accept(prints);
            if (prints.isEmpty()) {
                byBand.remove(key);
            }
        }
    }

    private static TitlePrint oldest(List<TitlePrint> prints) {
        TitlePrint oldest = prints.get(0);
        for (TitlePrint print : prints) {
            if (print.seenAt().isBefore(oldest.seenAt())) {
                oldest = print;
            }
        }
        return oldest;
    }

    private static boolean sharesEarlierBand(long a, long b, int band) {
        for (int earlier = 0; earlier < band; earlier++) {
            if (bandKey(a, earlier) == bandKey(b, earlier)) {
                return true;
            }
        }
        return false;
    }

    /** The band's number in the top bits and its 16 bits of the hash below. */
    private static int bandKey(long hash, int band) {
        return band << 16 | (int) ((hash >>> (16 * band)) & 0xFFFF);
    }

    private static boolean compatible(TitlePrint candidate, Set<String> references) {
        if (references.isEmpty() || candidate.references().isEmpty()) {
            return true;
        }
        for (String reference : candidate.references()) {
            if (references.contains(reference)) {
                return true;
            }
        }
        return false;
    }
}
