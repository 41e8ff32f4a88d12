package chokepoint.deploy;

import chokepoint.alerts.AlertsApplication;
import chokepoint.alerts.AlertsWorkers;
import chokepoint.config.ChokepointConfig;
import chokepoint.ingest.IngestWorker;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.topology.ClassifierService;
import chokepoint.streams.topology.RunningApps;
import chokepoint.kafka.KafkaClients;
import chokepoint.run.RunningLoops;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;

/**
 * The whole Chokepoint pipeline in one JVM: the embedded broker (unless an external cluster is configured), the
 * topics, an ingest worker, the classifier stream processor and the alerts service. Stops in reverse order.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    /** This process's Streams applications, for its health: its own, not those of another pipeline in the JVM. */
    private final RunningApps apps = new RunningApps();
    /** This process's supervised loops (ingest's membership, followers, delivery, digests), for its health and metrics. */
    private final RunningLoops loops = new RunningLoops();
    private KafkaClients clients;
    private int httpPort;

    private Pipeline() {
    }

    /**
     * The services a process can run; several processes share the work on one Kafka cluster. {@code ALERTS} is the
     * web and API, threshold evaluation and delivery together.
     */
    public enum Service {
        INGEST, CLASSIFIER, THRESHOLDS, DELIVERY, WEB, ALERTS;

        /** The services named, with {@code ALERTS} read as its three parts. */
        public static Set<Service> expand(Set<Service> named) {
            Set<Service> services = EnumSet.noneOf(Service.class);
            services.addAll(named);
            if (services.remove(ALERTS)) {
                services.addAll(EnumSet.of(THRESHOLDS, DELIVERY, WEB));
            }
            return services;
        }
    }

    public static Pipeline start(ChokepointConfig config) throws IOException {
        return start(config, java.util.EnumSet.allOf(Service.class));
    }

    /**
     * Starts the given services. Running only some of them (to scale one out) needs a real cluster: every process
     * would otherwise start its own embedded broker.
     */
    public static Pipeline start(ChokepointConfig config, java.util.Set<Service> named) throws IOException {
        Set<Service> services = Service.expand(named);
        if (config.kafka().embedded() && !services.containsAll(Service.expand(EnumSet.allOf(Service.class)))) {
            throw new IllegalStateException("running only " + services + " needs a Kafka cluster: set "
                    + "KAFKA_BOOTSTRAP_SERVERS or kafka.bootstrap-servers");
        }
        if (services.contains(Service.WEB) && config.http().port() != 0 && !portFree(config.http().host(), config.http().port())) {
            // Said at once, before a broker and four applications start only to fail at the last step.
            throw new IllegalStateException("http.port " + config.http().port() + " on " + config.http().host() + " is in use: "
                    + "another Chokepoint (or another program) serves there; stop it, or set http.port in chokepoint.yml "
                    + "(or CHOKEPOINT_HTTP_PORT) to a free port");
        }
        Pipeline pipeline = new Pipeline();
        try {
            pipeline.startAll(config, services);
        } catch (IOException | RuntimeException e) {
            pipeline.close();
            throw e;
        }
        return pipeline;
    }

    /** Whether a listener can bind {@code host:port} now. */
    static boolean portFree(String host, int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void startAll(ChokepointConfig config, java.util.Set<Service> services) throws IOException {
        long started = System.nanoTime();
        running.push(DataDirLock.acquire(config.dataDir()));
        Topics.usePrefix(config.kafka().topicPrefix());
        if (config.kafka().embedded()) {
            EmbeddedKafka kafka = EmbeddedKafka.start(config.dataDir().resolve("kafka"), config.kafka().embeddedPort());
            running.push(kafka);
            clients = KafkaClients.of(kafka.bootstrapServers());
            LOG.info("embedded Kafka broker ready on {} ({} ms), data in {}", clients, millisSince(started),
                    config.dataDir());
        } else {
            clients = config.kafka().clients();
            LOG.info("using Kafka at {}", clients);
        }
        try (Admin client = clients.admin()) {
            TopicSetup.ensure(client, config.kafka().partitions(), config.kafka().replicationFactor());
        }
        ClassifierService classifier = null;
        if (services.contains(Service.CLASSIFIER)) {
            classifier = new ClassifierService(config, clients, Classifier.bundled(Clock.systemUTC()), apps);
            running.push(classifier);
            classifier.start();
        }
        boolean thresholds = services.contains(Service.THRESHOLDS);
        boolean delivery = services.contains(Service.DELIVERY);
        if (services.contains(Service.WEB)) {
            ApplicationContext alerts = AlertsApplication.start(config, clients, classifier, thresholds, delivery, apps, loops);
            running.push(alerts);
            httpPort = AlertsApplication.port(alerts);
        } else if (thresholds || delivery) {
            running.push(AlertsWorkers.start(config, clients, thresholds, delivery, apps, loops));
        }
        if (services.contains(Service.INGEST)) {
            IngestWorker ingest = new IngestWorker(config, clients, loops);
            running.push(ingest);
            ingest.start();
        }
        if (!services.contains(Service.WEB)) {
            // Probes and scrapers reach every process alike: health and metrics without the alerts service.
            ServiceEndpoints endpoints = new ServiceEndpoints(config.http().host(), config.http().port(), clients, apps, loops);
            running.push(endpoints);
            httpPort = endpoints.port();
        }
        if (services.contains(Service.WEB)) {
            LOG.info("Chokepoint is running ({} ms): open http://{}:{}/", millisSince(started),
                    "0.0.0.0".equals(config.http().host()) ? "localhost" : config.http().host(), httpPort);
        } else {
            LOG.info("Chokepoint {} running ({} ms): health and metrics on port {}", services, millisSince(started), httpPort);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** The clients of the cluster the pipeline runs on, the embedded broker's or the configured one's. */
    public KafkaClients clients() {
        return clients;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The Streams applications this pipeline runs, as its health judges them. */
    public RunningApps apps() {
        return apps;
    }

    /** The supervised loops this pipeline runs, as its health judges them. */
    public RunningLoops loops() {
        return loops;
    }

    @Override
    public void close() {
        while (!running.isEmpty()) {
            AutoCloseable component = running.pop();
            try {
                component.close();
            } catch (Exception e) {
                LOG.warn("while stopping {}: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
