package chokepoint.ingest.sites;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Consolidated Screening List of over 40 MB read within the source's 64 MiB cap by a JVM of 64 MiB of heap: the
 * snapshot is streamed, never held (reading it whole needs more than that heap before parsing starts).
 */
class LargeSnapshotTest {

    static final int ENTRIES = 29_000;

    @Test
    void aFortyMegabyteSnapshotIsReadInSixtyFourMegabytesOfHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LargeSnapshotProbe.class.getName(), Integer.toString(ENTRIES))).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, probe.exitValue(), output);
        Matcher figures = Pattern.compile("served=(\\d+) entries=(\\d+) heapMiB=([\\d.]+)").matcher(output);
        assertTrue(figures.find(), output);
        long served = Long.parseLong(figures.group(1));
        System.out.printf("CSL snapshot: %.1f MB served, %s entries read, %s MiB of heap held after the read%n",
                served / 1e6, figures.group(2), figures.group(3));
        assertTrue(served > 40_000_000, "over 40 MB: " + served);
        assertEquals(ENTRIES, Integer.parseInt(figures.group(2)));
    }
}
