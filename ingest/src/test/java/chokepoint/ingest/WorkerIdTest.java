package chokepoint.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class WorkerIdTest {

    @TempDir
    Path dir;

    @Test
    void aRestartOnTheSameDataFolderKeepsTheIdAndAnotherFolderGetsAnother() throws Exception {
        String first = WorkerId.of(dir.resolve("a"));
        assertEquals(first, WorkerId.of(dir.resolve("a")), "the same worker after a restart");
        assertNotEquals(first, WorkerId.of(dir.resolve("b")), "another worker");

        Files.writeString(dir.resolve("a/ingest-worker-id"), "not an id");
        assertNotEquals("not an id", WorkerId.of(dir.resolve("a")), "a damaged file gets a new id");
    }
}
