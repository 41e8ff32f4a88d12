package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failure drill in a reduced size (the full size is {@code ./chokepoint drill}): three brokers and the services
 * as separate processes, a broker, an ingest worker and a classifier killed with {@code kill -9} mid-run and
 * restarted; nothing may be lost or doubled. The processes' logs stay in the test's folder when it fails.
 */
@Tag("integration")
class DrillTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(600)
    void killingABrokerAndOneInstanceOfEachScalableServiceLosesAndDoublesNothing() throws Exception {
        Drill.Result result = new Drill(dir, 90, System.err).run();
        System.err.println(result.summary());
        assertTrue(result.passed(), result.summary() + "the processes' logs: " + dir);
    }
}
