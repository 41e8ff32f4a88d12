package chokepoint.streams.fuse;

import chokepoint.records.Measure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Heap bytes per story print in fusion's in-memory index ({@link RecentStories}, package-private, hence this
 * package): fills one with N prints of realistic shape (item ids like a feed's, half with a lead print) and prints
 * the heap it holds after a collection. Run: {@code benchmarks/run-fusion-check} prints it last.
 */
public final class RecentStoriesMemory {

    public static void main(String[] args) throws InterruptedException {
        int prints = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        Random random = new Random(1);
        long before = heapAfterCollection();
        RecentStories stories = new RecentStories(Duration.ofDays(3), prints);
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        for (int n = 0; n < prints; n++) {
            String item = "rss:feed-" + (n % 500) + ":" + Long.toHexString(random.nextLong());
            stories.remember(new StoryPrint(item, item, random.nextLong(), n % 2 == 0 ? random.nextLong() : SimHash.NONE,
                    SimHash.NONE, Measure.NONE, null, start.plusSeconds(n / 12), List.of()));
        }
        long held = heapAfterCollection() - before;
        System.out.printf("| story prints in memory | heap held | per print |%n|---|---|---|%n| %,d | %,d MB | %,d bytes |%n",
                stories.size(), held >> 20, held / prints);
    }

    private static long heapAfterCollection() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
