package chokepoint.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class InstanceIdTest {

    @TempDir
    Path dir;

    @Test
    void aRestartOnTheSameDataFolderKeepsTheIdAndAnotherFolderGetsAnother() throws Exception {
        String first = InstanceId.kept(dir.resolve("a"), "ingest-worker-id");
        assertEquals(first, InstanceId.kept(dir.resolve("a"), "ingest-worker-id"), "the same worker after a restart");
        assertNotEquals(first, InstanceId.kept(dir.resolve("b"), "ingest-worker-id"), "another worker");

        Files.writeString(dir.resolve("a/ingest-worker-id"), "not an id");
        assertNotEquals("not an id", InstanceId.kept(dir.resolve("a"), "ingest-worker-id"), "a damaged file gets a new id");
    }

    @Test
    void theGroupMembershipIdIsKeptApartFromOtherIdsInTheSameFolder() {
        String member = InstanceId.of(dir);
        assertEquals(member, InstanceId.of(dir));
        assertNotEquals(member, InstanceId.kept(dir, "ingest-worker-id"));
    }
}
