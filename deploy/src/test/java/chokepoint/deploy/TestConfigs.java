package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Configuration files for pipeline tests, written and read the way a user's would be. */
final class TestConfigs {

    /** The rule the pipeline tests count by: one export control by an actor within a week is a breach. */
    static final String EXPORT_CONTROLS_RULE = """
            rules:
              - id: export-controls
                name: Export controls by one actor
                measures: [EXPORT_CONTROL]
                group-by: actor
                window: 7d
                threshold: 1
            """;

    /** The admin's bearer token in test configurations. */
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private TestConfigs() {
    }

    /**
     * @param bootstrapServers an external cluster, or "" for the embedded broker on {@code embeddedPort}
     */
    static ChokepointConfig pipeline(Path dir, String bootstrapServers, int embeddedPort, LocalFeedServer feed,
                                     SlackReceiver slack) throws IOException {
        String yaml = """
                data-dir: ./data
                kafka:
                  bootstrap-servers: "%s"
                  embedded-port: %d
                  partitions: 2
                  application-prefix: test
                http:
                  port: 0
                ingest:
                  allowed-private: ["%s"]
                  fetch-deadline: 10s
                sources:
                  - id: test-notices
                    kind: rss
                    url: %s
                    interval: 1s
                    baseline: false   # the tests' items are news, served before the first poll
                %s
                slack:
                  webhooks:
                    - name: test-channel
                      url: %s
                delivery:
                  group-wait: 200ms
                  allowed-private: ["%s"]
                auth:
                  tokens:
                    - owner: ops
                      token: %s
                      admin: true
                """.formatted(bootstrapServers, embeddedPort, feed.hostPort(), feed.url(), EXPORT_CONTROLS_RULE.strip(),
                slack.url(), slack.hostPort(), ADMIN_TOKEN);
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, yaml);
        return new ConfigLoader(Map.of()).load(file);
    }

    /**
     * A port for the embedded broker, the next one free too (its controller listens there). Taken below the
     * ephemeral range: a port the system hands out to outgoing connections can be taken by one between a check and
     * the broker's start, or between a broker's stop and its restart, and a controller that cannot bind halts the JVM.
     */
    static int freePort() throws IOException {
        int ephemeralStart = ephemeralRangeStart();
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + random.nextInt(Math.max(1_000, ephemeralStart - 20_002));
            if (EmbeddedKafka.free(port) && EmbeddedKafka.free(port + 1)) {
                return port;
            }
        }
        throw new IOException("no two free consecutive ports found below " + ephemeralStart);
    }

    private static int ephemeralRangeStart() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
