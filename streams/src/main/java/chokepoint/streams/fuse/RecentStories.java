package chokepoint.streams.fuse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The story prints of recent copies, indexed by SimHash band in memory, titles and leads alike. It is derived
 * state: the fusion task keeps one print per copy in a changelogged store and rebuilds this index from it whenever
 * the task starts, so that a copy costs one store write instead of a read-modify-write of every band.
 */
final class RecentStories {

    /** Prints kept per band value; older ones fall out first, so that a headline published daily stays cheap. */
    static final int PRINTS_PER_BAND = 32;

    /**
     * The two prints of a story: its title's and its lead's, and how many bits apart a copy's may be. Leads must be
     * equal: over 2,551 Reuters stories, equal leads were copies (67 pairs, many retitled), while leads one to three
     * bits apart were different companies' earnings tables, which share their template words.
     */
    private enum Part {
        TITLE(StoryPrint::hash, SimHash.NEAR), LEAD(StoryPrint::lead, 0);

        final ToLongFunction<StoryPrint> hash;
        final int near;
        /** Bands indexed: one more than the bits allowed apart, so a copy shares one at least (pigeonhole). */
        final int bands;

        Part(ToLongFunction<StoryPrint> hash, int near) {
            this.hash = hash;
            this.near = near;
            this.bands = near + 1;
        }
    }

    private final long windowSeconds;
    /** The current print of each copy, by item id. */
    private final Map<String, StoryPrint> byCopy = new HashMap<>();
    private final Map<Integer, List<StoryPrint>> byBand = new HashMap<>();
    private final PriorityQueue<StoryPrint> byAge = new PriorityQueue<>((a, b) -> a.seenAt().compareTo(b.seenAt()));
    private final Duration window;
    private final int capacity;
    private Instant newest;

    /**
     * @param window   how far apart in time a copy may be
     * @param capacity the most prints kept (about 340 bytes of heap each); beyond it the oldest fall out even inside
     *                 the window, which then shortens to what that many items span
     */
    RecentStories(Duration window, int capacity) {
        this.window = window;
        this.windowSeconds = window.toSeconds();
        this.capacity = capacity;
    }

    /**
     * The event of a recent copy whose title or lead is a near copy of the probe's, seen within the window of it,
     * that {@linkplain StoryPrint#canBeCopyOf can be the same story} and, for a title, was
     * {@linkplain StoryPrint#readAlike read alike}.
     */
    String nearest(StoryPrint probe) {
        String byTitle = nearest(Part.TITLE, probe);
        return byTitle != null || probe.lead() == SimHash.NONE ? byTitle : nearest(Part.LEAD, probe);
    }

    private String nearest(Part part, StoryPrint probe) {
        long hash = part.hash.applyAsLong(probe);
        long at = probe.seenAt().getEpochSecond();
        for (int band = 0; band < part.bands; band++) {
            for (StoryPrint candidate : byBand.getOrDefault(bandKey(part, hash, band), List.of())) {
                long theirs = part.hash.applyAsLong(candidate);
                if (sharesEarlierBand(part, theirs, hash, band)) {
                    continue; // already weighed under that band
                }
                boolean close = Math.abs(candidate.seenAt().getEpochSecond() - at) <= windowSeconds;
                if (close && SimHash.distance(theirs, hash) <= part.near && candidate.canBeCopyOf(probe)
                        && (part == Part.LEAD || candidate.readAlike(probe))) {
                    return candidate.eventId();
                }
            }
        }
        return null;
    }

    /** Makes {@code print} its copy's current print, replacing the one an earlier version of the item had. */
    void remember(StoryPrint print) {
        StoryPrint previous = byCopy.put(print.itemId(), print);
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

    /**
     * Forgets the prints that fell out of the window behind the newest one, and the oldest beyond the capacity,
     * telling {@code forgotten} their items.
     */
    void expire(Consumer<String> forgotten) {
        if (newest == null) {
            return;
        }
        Instant horizon = newest.minus(window);
        while (!byAge.isEmpty() && (byAge.peek().seenAt().isBefore(horizon) || byCopy.size() > capacity)) {
            StoryPrint old = byAge.poll();
            // A print replaced by a newer one of its item is only a stale entry of the queue.
            if (byCopy.get(old.itemId()) == old) {
                byCopy.remove(old.itemId());
                forEachBand(old, prints -> prints.remove(old));
                forgotten.accept(old.itemId());
            }
        }
    }

    int size() {
        return byCopy.size();
    }

    /** The event (or story) the copy of this item was remembered in, while its print is in the window; else null. */
    String eventOf(String itemId) {
        StoryPrint print = byCopy.get(itemId);
        return print == null ? null : print.eventId();
    }

    private void forEachBand(StoryPrint print, Consumer<List<StoryPrint>> action) {
        for (Part part : Part.values()) {
            long hash = part.hash.applyAsLong(print);
            if (part == Part.LEAD && hash == SimHash.NONE) {
                continue;
            }
            for (int band = 0; band < part.bands; band++) {
                int key = bandKey(part, hash, band);
                List<StoryPrint> prints = byBand.computeIfAbsent(key, k -> new ArrayList<>(2));
                action.accept(prints);
                if (prints.isEmpty()) {
                    byBand.remove(key);
                }
            }
        }
    }

    private static StoryPrint oldest(List<StoryPrint> prints) {
        StoryPrint oldest = prints.get(0);
        for (StoryPrint print : prints) {
            if (print.seenAt().isBefore(oldest.seenAt())) {
                oldest = print;
            }
        }
        return oldest;
    }

    private static boolean sharesEarlierBand(Part part, long a, long b, int band) {
        for (int earlier = 0; earlier < band; earlier++) {
            if (bandKey(part, a, earlier) == bandKey(part, b, earlier)) {
                return true;
            }
        }
        return false;
    }

    /** The part and band numbers in the top bits and the band's 16 bits of the hash below. */
    private static int bandKey(Part part, long hash, int band) {
        return (part.ordinal() * SimHash.BANDS + band) << 16 | (int) ((hash >>> (16 * band)) & 0xFFFF);
    }

}
