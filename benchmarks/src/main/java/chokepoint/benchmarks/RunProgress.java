package chokepoint.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where a long {@link StreamsMemoryAtScale} run stands at the end of a simulated day, written beside its state
 * directory so that a run stopped (at its own request or killed) goes on from that day instead of from the first: a
 * month at a million items a day is about eleven hours of one core here, longer than one sitting.
 *
 * @param day            the last day whose items all went through
 * @param items          items piped so far
 * @param made           items the generator made (its next id)
 * @param acts           acts the generator numbered
 * @param emitted        indicator records written to the indicators file
 * @param indicatorBytes that file's length at the end of {@code day} (a killed run may have written part of the next)
 * @param seconds        seconds of running so far, over every sitting
 * @param clean          whether the last sitting stopped at a day's end (else its unfinished day is in the stores)
 * @param written        records, bytes and largest record per topic so far
 */
record RunProgress(int day, long items, long made, long acts, long emitted, long indicatorBytes, long seconds,
                   boolean clean, Map<String, long[]> written) {

    static RunProgress start() {
        return new RunProgress(0, 0, 0, 0, 0, 0, 0, true, new TreeMap<>());
    }

    static Path file(Path stateDir) {
        return stateDir.resolveSibling(stateDir.getFileName() + ".progress");
    }

    /** The progress saved beside {@code stateDir}, or the start when there is none. */
    static RunProgress read(Path stateDir) {
        Path file = file(stateDir);
        if (!Files.exists(file)) {
            return start();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, long[]> written = new TreeMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("written.")).forEach(k -> {
            String[] n = p.getProperty(k).split(",");
            written.put(k.substring("written.".length()), new long[] {Long.parseLong(n[0]), Long.parseLong(n[1]),
                Long.parseLong(n[2])});
        });
        return new RunProgress(Integer.parseInt(p.getProperty("day")), Long.parseLong(p.getProperty("items")),
                Long.parseLong(p.getProperty("made")), Long.parseLong(p.getProperty("acts")),
                Long.parseLong(p.getProperty("emitted")), Long.parseLong(p.getProperty("indicatorBytes")),
                Long.parseLong(p.getProperty("seconds")), Boolean.parseBoolean(p.getProperty("clean")), written);
    }

    /** Saved whole or not at all (written aside, then moved over the last). */
    void save(Path stateDir) {
        Properties p = new Properties();
        p.setProperty("day", Integer.toString(day));
        p.setProperty("items", Long.toString(items));
        p.setProperty("made", Long.toString(made));
        p.setProperty("acts", Long.toString(acts));
        p.setProperty("emitted", Long.toString(emitted));
        p.setProperty("indicatorBytes", Long.toString(indicatorBytes));
        p.setProperty("seconds", Long.toString(seconds));
        p.setProperty("clean", Boolean.toString(clean));
        written.forEach((topic, n) -> p.setProperty("written." + topic, n[0] + "," + n[1] + "," + n[2]));
        Path file = file(stateDir);
        Path aside = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(aside)) {
            p.store(out, "StreamsMemoryAtScale classifier run");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + aside, e);
        }
        try {
            Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + aside + " to " + file, e);
        }
    }
}
