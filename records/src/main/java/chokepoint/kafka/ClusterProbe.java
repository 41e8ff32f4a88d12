package chokepoint.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the Kafka cluster answers: the admin client must describe the cluster (its brokers) and its metadata quorum
 * (a controller leader) within a few seconds. A process whose Streams threads and loops are all "up" can still be
 * useless when the brokers are gone or the controllers have lost their quorum (nothing can be written, a rebalance
 * never ends): health must say so, with the reason, rather than UP. The answer is kept for a few seconds, so that
 * frequent probes (a load balancer, a scraper) do not each wait out the timeout.
 */
public final class ClusterProbe implements AutoCloseable {

    private final KafkaClients clients;
    private final Duration timeout;
    private final Duration keep;
    private final Clock clock;
    private Admin admin;
    private Optional<String> last;
    private Instant checkedAt;

    /** Probes that wait at most 3 s for an answer and keep it 5 s. */
    public ClusterProbe(KafkaClients clients) {
        this(clients, Duration.ofSeconds(3), Duration.ofSeconds(5), Clock.systemUTC());
    }

    public ClusterProbe(KafkaClients clients, Duration timeout, Duration keep, Clock clock) {
        this.clients = clients;
        this.timeout = timeout;
        this.keep = keep;
        this.clock = clock;
    }

    /** Why the cluster is unreachable ({@code Kafka cluster unreachable: ...}), or empty when it answered. */
    public synchronized Optional<String> problem() {
        Instant now = clock.instant();
        if (last != null && Duration.between(checkedAt, now).compareTo(keep) < 0) {
            return last;
        }
        last = probe();
        checkedAt = clock.instant();
        return last;
    }

    private Optional<String> probe() {
        int millis = (int) timeout.toMillis();
        try {
            Admin client = admin();
            int brokers = client.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes()
                    .get(millis, TimeUnit.MILLISECONDS).size();
            if (brokers == 0) {
                return Optional.of("Kafka cluster unreachable: no broker listed");
            }
            try {
                client.describeMetadataQuorum(new DescribeMetadataQuorumOptions().timeoutMs(millis)).quorumInfo()
                        .get(millis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // A cluster that does not let this client see its quorum (ACLs) or cannot tell it: the brokers answered.
                if (!(e.getCause() instanceof UnsupportedVersionException || e.getCause() instanceof AuthorizationException)) {
                    return Optional.of("Kafka cluster unreachable: the controller quorum did not answer ("
                            + reason(e.getCause()) + ")");
                }
            } catch (TimeoutException e) {
                return Optional.of("Kafka cluster unreachable: the controller quorum did not answer within "
                        + timeout.toSeconds() + " s");
            }
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("Kafka cluster unreachable: no broker answered within " + timeout.toSeconds() + " s ("
                    + clients.bootstrapServers() + ")");
        } catch (ExecutionException e) {
            return Optional.of("Kafka cluster unreachable: " + reason(e.getCause()) + " (" + clients.bootstrapServers() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("Kafka cluster unreachable: interrupted while asking");
        } catch (RuntimeException e) {
            return Optional.of("Kafka cluster unreachable: " + reason(e));
        }
    }

    private static String reason(Throwable e) {
        if (e == null) {
            return "no reason given";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    private Admin admin() {
        if (admin == null) {
            Properties props = clients.properties();
            int millis = (int) timeout.toMillis();
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
            // Back off quickly and little: a probe is asked again in seconds, not minutes.
            props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "chokepoint-health-" + ProcessHandle.current().pid());
            admin = Admin.create(props);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
