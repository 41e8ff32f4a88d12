package chokepoint.benchmarks;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * What a topology under {@link TopologyTestDriver} holds: the heap in use after a full collection, the process's
 * resident memory (RocksDB's memtables and block caches are outside the heap), the state directory's size on disk,
 * the records of each store, and the records written to each topic (changelogs included), counted as they are drained
 * from the driver, which otherwise keeps every record it produced in memory.
 */
final class StateFootprint {

    private final TopologyTestDriver driver;
    private final Path stateDir;
    private final Map<String, long[]> written = new TreeMap<>();

    /** @param writtenBefore records, bytes and largest record per topic of earlier sittings of the same run */
    StateFootprint(TopologyTestDriver driver, Path stateDir, Map<String, long[]> writtenBefore) {
        this.driver = driver;
        this.stateDir = stateDir;
        writtenBefore.forEach((topic, n) -> written.put(topic, n.clone()));
    }

    /** Reads every record the driver produced since the last drain, counting records, bytes and the largest per topic. */
    void drain(BiConsumer<String, TestRecord<byte[], byte[]>> sink) {
        for (String topic : driver.producedTopicNames()) {
            var records = driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList();
            long[] counts = written.computeIfAbsent(topic, t -> new long[3]);
            for (TestRecord<byte[], byte[]> record : records) {
                long size = record.value() == null ? 0 : record.value().length;
                counts[0]++;
                counts[1] += size;
                counts[2] = Math.max(counts[2], size);
                sink.accept(topic, record);
            }
        }
    }

    /** Records, bytes and the largest record's bytes written to each topic so far. */
    Map<String, long[]> written() {
        return written;
    }

    static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    long diskBytes() {
        try (Stream<Path> files = Files.walk(stateDir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;  // a RocksDB file deleted by a compaction while walking
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The records of each key-value store: RocksDB's own estimate (cheap, counts recent deletes loosely) or, when
     * {@code exact}, by reading the store through.
     */
    Map<String, Long> storeRecords(boolean exact) {
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<String, StateStore> entry : driver.getAllStateStores().entrySet()) {
            if (!(entry.getValue() instanceof ReadOnlyKeyValueStore<?, ?> store)) {
                continue;
            }
            if (!exact) {
                counts.put(entry.getKey(), store.approximateNumEntries());
                continue;
            }
            long n = 0;
            try (KeyValueIterator<?, ?> all = store.all()) {
                while (all.hasNext()) {
                    all.next();
                    n++;
                }
            }
            counts.put(entry.getKey(), n);
        }
        return counts;
    }
}
