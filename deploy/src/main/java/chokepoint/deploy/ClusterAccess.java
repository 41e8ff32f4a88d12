package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.kafka.KafkaClients;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;

import java.io.PrintStream;

/**
 * Kafka for a command that reads or replays what the pipeline stored: the configured cluster; or, on one machine,
 * the running {@code ./chokepoint run}'s embedded broker, else a broker of its own started on the same data folder
 * (and stopped when the command ends).
 */
final class ClusterAccess implements AutoCloseable {

    private final KafkaClients clients;
    private final EmbeddedKafka broker;
    private final AutoCloseable lock;

    private ClusterAccess(KafkaClients clients, EmbeddedKafka broker, AutoCloseable lock) {
        this.clients = clients;
        this.broker = broker;
        this.lock = lock;
    }

    /** @param command the command's name, for what it says on {@code err} */
    static ClusterAccess open(ChokepointConfig config, String command, PrintStream err) throws Exception {
        Topics.usePrefix(config.kafka().topicPrefix());
        ClusterAccess access;
        if (!config.kafka().embedded()) {
            access = new ClusterAccess(config.kafka().clients(), null, null);
        } else {
            AutoCloseable lock = null;
            try {
                lock = DataDirLock.acquire(config.dataDir());
                EmbeddedKafka broker = EmbeddedKafka.start(config.dataDir().resolve("kafka"), config.kafka().embeddedPort());
                err.println(command + ": started the embedded broker on " + config.dataDir());
                access = new ClusterAccess(KafkaClients.of(broker.bootstrapServers()), broker, lock);
            } catch (IllegalStateException running) {
                // ./chokepoint run holds the data folder: use its broker.
                if (lock != null) {
                    lock.close();
                }
                KafkaClients clients = KafkaClients.of("127.0.0.1:" + config.kafka().embeddedPort());
                err.println(command + ": using the running Chokepoint's broker at " + clients);
                access = new ClusterAccess(clients, null, null);
            }
        }
        try (Admin admin = access.clients.admin()) {
            TopicSetup.ensure(admin, config.kafka().partitions(), config.kafka().replicationFactor());
        } catch (Exception e) {
            access.close();
            throw e;
        }
        return access;
    }

    KafkaClients clients() {
        return clients;
    }

    @Override
    public void close() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (lock != null) {
            lock.close();
        }
    }
}
