package chokepoint.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Ids made once and kept in the data folder, so that a process restarted on the same folder is known again and
 * processes on different folders never share one (two Kafka members or producers with one id fence each other).
 */
public final class InstanceId {

    private static final String FILE = "instance-id";

    private InstanceId() {
    }

    /**
     * This instance's id, kept in {@code <data-dir>/instance-id}: its static membership in Kafka's consumer groups
     * ({@code group.instance.id}). An instance restarted on the same data folder within the session timeout takes
     * its partitions and tasks back at once, with no rebalance; before, a restarted process waited for the group to
     * give up on its dead self (the session timeout, 45 s) and then for a rebalance.
     */
    public static String of(Path dataDir) {
        return kept(dataDir, FILE);
    }

    /** The id kept in {@code <data-dir>/<fileName>}, made (a random UUID) when the file is missing or damaged. */
    public static String kept(Path dataDir, String fileName) {
        Path file = dataDir.resolve(fileName);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file).trim();
                if (id.matches("[0-9a-f-]{36}")) {
                    return id;
                }
            }
            String id = UUID.randomUUID().toString();
            Files.createDirectories(dataDir);
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep an id in " + file, e);
        }
    }
}
