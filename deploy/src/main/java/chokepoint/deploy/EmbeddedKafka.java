package chokepoint.deploy;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), running inside this JVM from
 * the {@code kafka_2.13} artifact. Its log lives under {@code <data-dir>/kafka}; the cluster id is kept there
 * too, so that a restart reuses the data instead of formatting it again.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * @param dir  the folder for the broker's data
     * @param port the client port on 127.0.0.1; the controller listens on the next one
     */
    public static EmbeddedKafka start(Path dir, int port) throws IOException {
        return start(dir, port, properties(dir.resolve("logs"), port), null);
    }

    /**
     * One node of a cluster with a static quorum ({@code 1@127.0.0.1:19093,2@…}), as a failure drill runs three
     * in separate processes: internal topics with three replicas, two in sync.
     *
     * @param clusterId shared by the nodes, so that each formats its own storage for the same cluster
     */
    public static EmbeddedKafka startNode(Path dir, int nodeId, int port, String voters, String clusterId) throws IOException {
        Properties props = properties(dir.resolve("logs"), port);
        props.remove("controller.quorum.bootstrap.servers");
        props.put("controller.quorum.voters", voters);
        props.put("node.id", Integer.toString(nodeId));
        for (String key : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "share.coordinator.state.topic.replication.factor")) {
            props.put(key, "3");
        }
        props.put("transaction.state.log.min.isr", "2");
        props.put("share.coordinator.state.topic.min.isr", "2");
        props.put("min.insync.replicas", "2");
        return start(dir, port, props, clusterId);
    }

    /**
     * A broker with further listeners or settings (a secured listener beside the plain one, as a test of secured
     * clusters runs); {@code port} stays the plain client port, on which readiness is awaited.
     */
    static EmbeddedKafka startWith(Path dir, int port, Properties props) throws IOException {
        return start(dir, port, props, null);
    }

    private static EmbeddedKafka start(Path dir, int port, Properties props, String clusterId) throws IOException {
        // Kafka halts the whole process when its controller cannot listen: say which port is taken instead.
        ensureFree(port, "the embedded broker's client port");
        ensureFree(port + 1, "the embedded broker's controller port (client port + 1)");
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        Path file = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "written by Chokepoint at every start; edit chokepoint.yml instead");
        }
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(dir, file, clusterId);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(server, "127.0.0.1:" + port);
        try {
            kafka.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            kafka.close();  // a broker left running would hold the port and the data folder
            throw e;
        }
        return kafka;
    }

    private static void ensureFree(int port, String what) throws IOException {
        if (!free(port)) {
            throw new IOException("port " + port + " on 127.0.0.1 is in use: " + what + "; another Chokepoint or Kafka may be "
                    + "running; stop it or set kafka.embedded-port to another port");
        }
    }

    /** Whether a listener can bind the port on 127.0.0.1 now. */
    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);  // as Kafka binds: a port left in TIME_WAIT by a previous run is free
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Properties properties(Path logs, int port) {
        int controllerPort = port + 1;
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logs.toAbsolutePath().toString()),
                // One broker: every internal topic has one replica.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // Topics are created by Chokepoint with their policies (TopicSetup); a typo must not create one.
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("log.cleaner.dedupe.buffer.size", "16777216")));
        return props;
    }

    /** @param sharedClusterId the cluster's id when the node is one of several (static quorum), else null */
    private static void format(Path dir, Path configFile, String sharedClusterId) throws IOException {
        Path idFile = dir.resolve("cluster.id");
        String clusterId = sharedClusterId != null ? sharedClusterId
                : Files.exists(idFile) ? Files.readString(idFile).trim() : Uuid.randomUuid().toString();
        Files.writeString(idFile, clusterId);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = sharedClusterId != null
                ? new String[]{"format", "-t", clusterId, "-c", configFile.toString()}
                : new String[]{"format", "-t", clusterId, "-c", configFile.toString(), "--standalone"};
        int status = StorageTool.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IOException("cannot format the embedded broker's storage in " + dir + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** Waits until the broker answers a metadata request, so that services start against a working cluster. */
    private void awaitReady(Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded broker not ready after " + timeout.toSeconds() + "s", e);
                    }
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
