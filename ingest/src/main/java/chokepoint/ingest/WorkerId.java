package chokepoint.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * An ingest worker's id, made once and kept in {@code <data-dir>/ingest-worker-id}. It names the worker's
 * transactional producer, so a worker restarted on the same data folder takes its old transactional id back and
 * Kafka aborts, at once, a transaction the killed run left open (rather than after the transaction timeout).
 * Workers on different data folders get different ids, as they must: two producers with one id fence each other.
 */
final class WorkerId {

    private static final String FILE = "ingest-worker-id";

    private WorkerId() {
    }

    static String of(Path dataDir) {
        Path file = dataDir.resolve(FILE);
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
            throw new UncheckedIOException("cannot keep the ingest worker's id in " + file, e);
        }
    }
}
