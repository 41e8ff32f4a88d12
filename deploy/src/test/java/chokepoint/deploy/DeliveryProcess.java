package chokepoint.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * {@code ./chokepoint run --services delivery} as a process of its own on a test's cluster, to be killed with
 * {@code kill -9} ({@link Process#destroyForcibly()} sends SIGKILL on Linux) and started again on the same data
 * folder, as an operator's restart would. Its log goes to a file beside the data folder.
 */
final class DeliveryProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private DeliveryProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static DeliveryProcess start(Path config, Path dataDir, String bootstrapServers, String name) throws IOException {
        Path log = dataDir.resolveSibling(name + ".log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Chokepoint.class.getName(), "run", "--config", config.toString(), "--services", "delivery"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(Map.of("CHOKEPOINT_DATA_DIR", dataDir.toString(), "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers));
        return new DeliveryProcess(builder.start(), log);
    }

    /** Waits for the line the pipeline logs once every service it runs has started. */
    DeliveryProcess awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the delivery process ended; see " + log);
            }
            return Files.exists(log) && Files.readString(log).contains("[DELIVERY] running");
        });
        return this;
    }

    /** SIGKILL: nothing runs after it, nothing is flushed, the group is left as a crash leaves it. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
