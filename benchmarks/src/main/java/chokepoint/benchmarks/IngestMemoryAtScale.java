package chokepoint.benchmarks;

import chokepoint.ingest.publish.IngestMemory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The heap an ingest worker's seen-marks take over simulated days at a given volume: ids and content hashes shaped as
 * ItemNormalizer makes them ({@code source:24 hex}, 32 hex), one worker's share of the items (its sources' partitions),
 * the memory's own horizon pruning, the heap in use after a collection printed per day.
 *
 * <pre>benchmarks/run-memory [items a day, default 1000000] [days, default 30] [workers sharing them, default 1]</pre>
 */
public final class IngestMemoryAtScale {

    private static final class Moving extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    public static void main(String[] args) {
        long perDay = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        long share = perDay / workers;
        Moving clock = new Moving();
        IngestMemory memory = new IngestMemory(clock);
        HexFormat hex = HexFormat.of();
        byte[] id = new byte[12];
        byte[] hash = new byte[16];
        System.out.printf("%,d items a day, %d worker(s): %,d a day in this one; max heap %,d MB%n", perDay, workers, share,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("%4s  %12s  %14s  %10s%n", "day", "marks", "heap in use MB", "bytes/mark");
        long started = System.nanoTime();
        for (int day = 1; day <= days; day++) {
            for (long n = 0; n < share; n++) {
                ThreadLocalRandom.current().nextBytes(id);
                ThreadLocalRandom.current().nextBytes(hash);
                memory.remember("src-" + (n % 40) + ":" + hex.formatHex(id), hex.formatHex(hash), 0);
            }
            clock.now = clock.now.plus(Duration.ofDays(1));
            memory.forgetPastHorizon();
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            long used = runtime.totalMemory() - runtime.freeMemory();
            System.out.printf("%4d  %,12d  %,14d  %10d%n", day, memory.seenCount(), used >> 20,
                    memory.seenCount() == 0 ? 0 : used / memory.seenCount());
        }
        System.out.printf("%.0f s%n", (System.nanoTime() - started) / 1e9);
    }
}
