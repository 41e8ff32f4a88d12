package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Tests that each get an in-JVM Kafka cluster of their own: delivery tests whose groups and subscriptions must
 * not see another test's records.
 */
@Tag("integration")
abstract class FreshClusterTest {

    @TempDir
    Path dir;
    KafkaClusterTestKit cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = InJvmKafka.singleNode();
    }

    @AfterEach
    void stopCluster() throws Exception {
        cluster.close();
    }
}
