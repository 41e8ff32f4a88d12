package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Tests whose methods share one in-JVM Kafka cluster, started before the class and stopped after it; each test
 * gets its own folder. The tests of a class see each other's records, so they count only their own.
 */
@Tag("integration")
public abstract class SharedClusterTest {

    protected static KafkaClusterTestKit cluster;

    @TempDir
    protected Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = InJvmKafka.singleNode();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }
}
