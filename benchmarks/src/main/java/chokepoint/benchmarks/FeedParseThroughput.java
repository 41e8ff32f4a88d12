package chokepoint.benchmarks;

import chokepoint.ingest.feed.FeedEntry;
import chokepoint.ingest.feed.FeedParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Parses every feed file of {@code shared/corpora/feeds} (XML and RSS/Atom of seven suites) with Chokepoint's feed
 * parser, in memory, on one thread: files and items per second per core, median of rounds after a warm-up.
 * Run: {@code benchmarks/run-feeds [rounds]}.
 */
public final class FeedParseThroughput {

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path corpus = Path.of(System.getProperty("chokepoint.feeds", "../shared/corpora/feeds"));
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(corpus)) {
            for (Path path : paths.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(xml|rss|atom|rdf)$")).toList()) {
                files.add(Files.readAllBytes(path));
            }
        }
        long bytes = files.stream().mapToLong(b -> b.length).sum();
        FeedParser parser = new FeedParser();
        List<Double> fileRates = new ArrayList<>();
        List<Double> itemRates = new ArrayList<>();
        int items = 0;
        int refused = 0;
        for (int round = 0; round <= rounds; round++) {
            items = 0;
            refused = 0;
            long start = System.nanoTime();
            for (byte[] file : files) {
                try {
                    List<FeedEntry> entries = parser.parse(file, null);
                    items += entries.size();
                } catch (FeedParser.InvalidFeed e) {
                    refused++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round > 0) {
                fileRates.add(files.size() / seconds);
                itemRates.add(items / seconds);
            }
        }
        Collections.sort(fileRates);
        Collections.sort(itemRates);
        System.out.printf("%d files (%.1f MB), %d items, %d refused as not well-formed%n", files.size(), bytes / 1e6, items, refused);
        System.out.printf("| files/s per core | items/s per core |%n|---|---|%n| %,.0f | %,.0f |%n",
                fileRates.get(fileRates.size() / 2), itemRates.get(itemRates.size() / 2));
    }
}
