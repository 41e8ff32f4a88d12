package chokepoint.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A taken port stops the embedded broker's start with a message naming it, before Kafka would halt the process. */
class EmbeddedKafkaPortTest {

    @TempDir
    Path dir;

    @Test
    void aTakenControllerPortIsNamed() throws IOException {
        int port = TestConfigs.freePort();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", port + 1));
            IOException refused = assertThrows(IOException.class, () -> EmbeddedKafka.start(dir, port));
            assertTrue(refused.getMessage().startsWith("port " + (port + 1) + " on 127.0.0.1 is in use: the embedded broker's "
                    + "controller port"), refused.getMessage());
        }
    }
}
