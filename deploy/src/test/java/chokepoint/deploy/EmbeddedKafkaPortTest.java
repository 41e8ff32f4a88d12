package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A taken port stops the embedded broker's start with a message naming it, before Kafka would halt the process. */
@Tag("integration")
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

    @Test
    void aTakenHttpPortIsNamedAtOnceBeforeAnythingStarts() throws Exception {
        int port = TestConfigs.freePort();
        java.nio.file.Path file = dir.resolve("chokepoint.yml");
        java.nio.file.Files.writeString(file, """
                data-dir: ./data
                kafka:
                  bootstrap-servers: "127.0.0.1:9"
                http:
                  port: %d
                """.formatted(port));
        chokepoint.config.ChokepointConfig config = new chokepoint.config.ConfigLoader(java.util.Map.of()).load(file);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", port));
            long started = System.nanoTime();
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Pipeline.start(config));
            assertTrue(refused.getMessage().startsWith("http.port " + port + " on 127.0.0.1 is in use"), refused.getMessage());
            assertTrue(System.nanoTime() - started < 5_000_000_000L, "said at once, not after the broker and services started");
        }
    }
}
