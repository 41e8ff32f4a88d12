package chokepoint.benchmarks;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.Item;
import chokepoint.records.Json;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.topology.ClassifyTopology;
import chokepoint.topics.Lane;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.StateRestoreListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Whether a second classifier instance adds to the first now that fusion and the register are partitioned: the real
 * classify → route → fuse → register topology, exactly-once, over the same pre-loaded items on one in-JVM broker, run
 * by one instance and by two instances (one stream thread each) in the same JVM, interleaved rounds after warm-up,
 * medians and the ratio, with the CPU each used per item and the tasks each instance ran. Then failover: two instances
 * with their stores built, one closed without leaving the group (as a crash looks to the group), and the seconds until
 * the other has taken its tasks over and a new item comes out, without and with a standby replica.
 * <pre>benchmarks/run-fusion-scaleout [items, default 20000] [rounds, default 3]</pre>
 */
public final class FusionScaleOut {

    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final int PARTITIONS = Integer.getInteger("partitions", 3);
    private static final int WARMUPS = Integer.getInteger("warmups", 1);
    private static final int FAILOVER_ROUNDS = Integer.getInteger("failover.rounds", 2);
    /** Session timeout in the failover runs: Kafka's least, so that the crash is noticed soon and restoring shows. */
    private static final int SESSION_TIMEOUT_MS = 6_000;
    private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");

    private final String bootstrap;
    private final int items;

    private FusionScaleOut(String bootstrap, int items) {
        this.bootstrap = bootstrap;
        this.items = items;
    }

    record Run(double itemsPerSecond, double cpuMicrosPerItem, double coresBusy, List<String> tasks) {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (KafkaClusterTestKit cluster = InJvmCluster.start()) {
            try (var admin = cluster.admin()) {
                TopicSetup.ensure(admin, PARTITIONS, (short) 1);
            }
            FusionScaleOut bench = new FusionScaleOut(cluster.bootstrapServers(), items);
            bench.preload();
            System.err.printf("pre-loaded %,d items on %d partitions; %d rounds after %d warm-up round(s)%n", items, PARTITIONS,
                    rounds, WARMUPS);
            Map<Integer, List<Run>> runs = new TreeMap<>();
            for (int round = 1 - WARMUPS; round <= rounds && !Boolean.getBoolean("failover.only"); round++) {
                for (int instances : List.of(1, 2)) {
                    Run run = bench.throughput(instances, round);
                    System.err.printf("round %d, %d instance(s): %,8.0f items/s, %5.0f µs CPU per item, cores busy %3.0f%%, tasks %s%n",
                            round, instances, run.itemsPerSecond(), run.cpuMicrosPerItem(), run.coresBusy(), run.tasks());
                    if (round > 0) {
                        runs.computeIfAbsent(instances, n -> new ArrayList<>()).add(run);
                    }
                }
            }
            if (Boolean.getBoolean("failover.only")) {
                runs.put(1, List.of(new Run(Double.NaN, Double.NaN, Double.NaN, List.of())));
                runs.put(2, List.of(new Run(Double.NaN, Double.NaN, Double.NaN, List.of())));
            }
            List<double[]> failovers = new ArrayList<>();
            for (int round = 1; round <= FAILOVER_ROUNDS; round++) {
                for (int standby : List.of(0, 1)) {
                    double[] f = bench.failover(standby, round);
                    failovers.add(new double[]{standby, f[0], f[1], f[2], f[3]});
                    System.err.printf("failover round %d, standby %d: ready %.1f s after the crash, new item out %.1f s after it, "
                            + "restored %,.0f records in %.1f s%n", round, standby, f[0], f[1], f[2], f[3]);
                }
            }
            print(runs, failovers, items, rounds);
        }
    }

    private static void print(Map<Integer, List<Run>> runs, List<double[]> failovers, int items, int rounds) {
        System.out.println();
        System.out.printf("| classify + route + fuse + register, exactly-once, 1 broker, %d partitions, %,d items, median of %d rounds "
                + "| items/s | CPU per item | cores busy | tasks per instance |%n", PARTITIONS, items, rounds);
        System.out.println("|---|---|---|---|---|");
        double one = median(runs.get(1).stream().map(Run::itemsPerSecond).toList());
        double two = median(runs.get(2).stream().map(Run::itemsPerSecond).toList());
        for (int instances : runs.keySet()) {
            List<Run> r = runs.get(instances);
            System.out.printf("| %d instance(s), 1 stream thread each | %,.0f (%,.0f-%,.0f) | %.0f µs | %.0f%% | %s |%n", instances,
                    median(r.stream().map(Run::itemsPerSecond).toList()),
                    r.stream().mapToDouble(Run::itemsPerSecond).min().orElse(0), r.stream().mapToDouble(Run::itemsPerSecond).max().orElse(0),
                    median(r.stream().map(Run::cpuMicrosPerItem).toList()), median(r.stream().map(Run::coresBusy).toList()),
                    r.get(r.size() - 1).tasks());
        }
        System.out.printf("%ntwo instances / one = %.2f (each round's pair: %s)%n", two / one, pairRatios(runs));
        System.out.println();
        System.out.printf("| failover: one of two instances closed without leaving the group, session timeout %d s | ready (RUNNING again) "
                + "| a new item out | records restored | restoring took |%n", SESSION_TIMEOUT_MS / 1000);
        System.out.println("|---|---|---|---|---|");
        for (int standby : List.of(0, 1)) {
            List<double[]> f = failovers.stream().filter(x -> x[0] == standby).toList();
            System.out.printf("| num.standby.replicas %d (median of %d) | %.1f s | %.1f s | %,.0f | %.1f s |%n", standby, f.size(),
                    median(f.stream().map(x -> x[1]).toList()), median(f.stream().map(x -> x[2]).toList()),
                    median(f.stream().map(x -> x[3]).toList()), median(f.stream().map(x -> x[4]).toList()));
        }
    }

    private static String pairRatios(Map<Integer, List<Run>> runs) {
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < runs.get(1).size(); i++) {
            ratios.add(String.format("%.2f", runs.get(2).get(i).itemsPerSecond() / runs.get(1).get(i).itemsPerSecond()));
        }
        return String.join(", ", ratios);
    }

    /** All items through a fresh application of {@code instances} instances, timed from when all are ready. */
    private Run throughput(int instances, int round) throws Exception {
        String app = "bench-scale-" + instances + "-" + round + "-" + System.nanoTime();
        Counter counter = new Counter();
        List<KafkaStreams> running = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                KafkaStreams streams = new KafkaStreams(ClassifyTopology.build(Classifier.bundled(Clock.systemUTC()), Lane.live(),
                        PARTITIONS), props(app, 0, false));
                // Paused until every instance has joined and has its tasks: the rate is of processing, not of joining.
                streams.pause();
                streams.start();
                running.add(streams);
            }
            await(() -> running.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING), Duration.ofSeconds(120));
            long start = System.nanoTime();
            long cpuStart = CPU.getProcessCpuTime();
            running.forEach(KafkaStreams::resume);
            awaitDone(counter, app);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (CPU.getProcessCpuTime() - cpuStart) / 1e9;
            List<String> tasks = running.stream().map(FusionScaleOut::tasks).toList();
            return new Run(items / seconds, cpu * 1e6 / items, 100 * cpu / seconds / Runtime.getRuntime().availableProcessors(), tasks);
        } finally {
            running.forEach(s -> s.close(Duration.ofSeconds(30)));
            counter.close();
        }
    }

    /**
     * Two instances process every item; the one running the router (the task every item passes) is closed without
     * leaving the group; a new item is published at once. Returns seconds from the close until the other is RUNNING
     * with the tasks, until the new item's indicator is out, the records it restored and the seconds that took.
     */
    private double[] failover(int standby, int round) throws Exception {
        String app = "bench-failover-" + standby + "-" + round + "-" + System.nanoTime();
        Counter counter = new Counter();
        AtomicLong restored = new AtomicLong();
        AtomicLong restoreNanos = new AtomicLong();
        List<KafkaStreams> running = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                KafkaStreams streams = new KafkaStreams(ClassifyTopology.build(Classifier.bundled(Clock.systemUTC()), Lane.live(),
                        PARTITIONS), props(app, standby, true));
                streams.setGlobalStateRestoreListener(new Restores(restored, restoreNanos));
                streams.start();
                running.add(streams);
            }
            awaitDone(counter, app);
            // Standbys follow the changelogs; let them catch up with the last commits before the crash.
            Thread.sleep(3_000);
            KafkaStreams crashed = running.stream().filter(s -> tasks(s).contains("1_0")).findFirst().orElse(running.get(0));
            KafkaStreams survivor = running.get(0) == crashed ? running.get(1) : running.get(0);
            restored.set(0);
            restoreNanos.set(0);
            long crash = System.nanoTime();
            crashed.close(Duration.ZERO);
            running.remove(crashed);
            String probe = "probe-" + app;
            publish(List.of(new ProducerRecord<>(Topics.ITEMS.name(), null, Instant.now().toEpochMilli(), probe,
                    new Item(probe, "bench", "rss", "US", "https://example.org/" + probe,
                            // Its own title: the items topic keeps the probes of earlier runs, which every run reads again.
                            "Probe notice " + System.nanoTime() + " after the crash",
                            "A new item published as the instance dies.", "en", Instant.now(), null, Instant.now(), probe))));
            // Ready: the survivor runs every task (active) and is RUNNING.
            double[] ready = {Double.NaN};
            double[] out = {Double.NaN};
            await(() -> {
                if (Double.isNaN(ready[0]) && survivor.state() == KafkaStreams.State.RUNNING && activeTasks(survivor) == taskCount(survivor)) {
                    ready[0] = (System.nanoTime() - crash) / 1e9;
                }
                if (Double.isNaN(out[0]) && counter.sawKey(probe)) {
                    out[0] = (System.nanoTime() - crash) / 1e9;
                }
                return !Double.isNaN(ready[0]) && !Double.isNaN(out[0]);
            }, Duration.ofSeconds(180));
            if (Double.isNaN(out[0])) {
                try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    System.err.println("  the new item is not out; the survivor: " + survivor.state() + ", tasks " + tasks(survivor)
                            + ", committed " + admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get());
                    Object event = survivor.store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                            chokepoint.streams.fuse.FuseProcessor.EVENTS, org.apache.kafka.streams.state.QueryableStoreTypes.keyValueStore()))
                            .get(probe);
                    System.err.println("  its event in the survivor's store: " + (event != null));
                    var ends = admin.listOffsets(Map.of(new TopicPartition(Topics.INDICATORS.name(), 0), OffsetSpec.latest(),
                            new TopicPartition(Topics.INDICATORS.name(), 1), OffsetSpec.latest(), new TopicPartition(Topics.INDICATORS.name(), 2),
                            OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
                    var uncommitted = admin.listOffsets(Map.of(new TopicPartition(Topics.INDICATORS.name(), 0), OffsetSpec.latest(),
                            new TopicPartition(Topics.INDICATORS.name(), 1), OffsetSpec.latest(), new TopicPartition(Topics.INDICATORS.name(), 2),
                            OffsetSpec.latest())).all().get();
                    System.err.println("  indicators: stable " + ends + " high " + uncommitted);
                    System.err.println("  transactions: " + admin.listTransactions().all().get());
                }
            }
            return new double[]{ready[0], out[0], restored.get(), restoreNanos.get() / 1e9};
        } finally {
            running.forEach(s -> s.close(Duration.ofSeconds(30)));
            counter.close();
        }
    }

    /** Records and time restored from changelogs, summed over stores (stores restore one after another per thread). */
    private record Restores(AtomicLong records, AtomicLong nanos) implements StateRestoreListener {
        private static final Map<String, Long> STARTED = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
            STARTED.put(partition + store, System.nanoTime());
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long restored) {
            records.addAndGet(restored);
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long total) {
            Long started = STARTED.remove(partition + store);
            if (started != null) {
                nanos.addAndGet(System.nanoTime() - started);
            }
        }
    }

    private Properties props(String app, int standby, boolean failover) throws IOException {
        ChokepointConfig config = ConfigLoader.fromSystemEnvironment().defaults().withDataDir(Files.createTempDirectory("bench-scale"));
        Properties props = ClassifyTopology.config(config, KafkaClients.of(bootstrap));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-scale-state").toString());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standby);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        if (failover) {
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        }
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("streams.")) {
                props.put(k.toString().substring("streams.".length()), v);
            }
        });
        return props;
    }

    private static String tasks(KafkaStreams streams) {
        List<String> tasks = new ArrayList<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(t -> tasks.add(t.taskId().toString()));
        }
        Collections.sort(tasks);
        return String.join(" ", tasks);
    }

    private static long activeTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().mapToLong(t -> t.activeTasks().size()).sum();
    }

    /** Every task of the topology: the sub-topologies' partitions (the router's one, the others {@link #PARTITIONS}). */
    private static long taskCount(KafkaStreams streams) {
        return 1 + 4L * PARTITIONS;
    }

    /**
     * Waits until every item's indicator is out and the application has consumed every input partition (the items and
     * its repartition topics: the router's, fusion's and the register's) to its end: all items through classification,
     * fusion and the register. A transactional partition ends with a commit marker, which no consumer reads: one short.
     */
    private void awaitDone(Counter counter, String app) {
        await(() -> counter.poll() && counter.indicators >= items, Duration.ofSeconds(600));
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> inputs = new java.util.HashMap<>();
            for (String topic : admin.listTopics().names().get()) {
                if (topic.equals(Topics.ITEMS.name()) || topic.startsWith(app) && topic.endsWith("-repartition")) {
                    for (var p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                        inputs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                    }
                }
            }
            await(() -> consumedToTheEnd(admin, app, inputs), Duration.ofSeconds(120));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean consumedToTheEnd(Admin admin, String app, Map<TopicPartition, OffsetSpec> inputs) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
            var ends = admin.listOffsets(inputs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            for (var end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                long position = at == null ? 0 : at.offset();
                if (position < end.getValue().offset() - (end.getKey().topic().equals(Topics.ITEMS.name()) ? 0 : 1)) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Counts the committed records of the indicators and measures topics written after it was made. */
    private final class Counter implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final java.util.Set<String> keys = new java.util.HashSet<>();
        long indicators;
        long measures;

        Counter() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.INDICATORS.name(), Topics.MEASURES.name())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        boolean poll() {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                if (record.topic().equals(Topics.MEASURES.name())) {
                    measures++;
                } else {
                    indicators++;
                    if (record.key() != null && record.key().length < 200) {
                        keys.add(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }
            return true;
        }

        boolean sawKey(String key) {
            poll();
            return keys.contains(key);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /**
     * Real Federal Register trade notices (title and abstract), each under its own document number so that each is an
     * act of its own (fusion keeps it apart, the register records it), and every tenth item a wire copy of the one
     * before it (its title, no document number), which fusion must find by its title.
     */
    private void preload() throws IOException {
        List<String[]> notices = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(BenchmarkTexts.CORPUS))) {
            JsonNode notice = Json.MAPPER.readTree(line);
            String title = notice.path("title").asText();
            if (!title.isBlank()) {
                String text = title + ". " + notice.path("abstract").asText();
                notices.add(new String[]{title, text.length() > 1024 ? text.substring(0, 1024) : text});
            }
        }
        if (notices.isEmpty()) {
            throw new UncheckedIOException(new IOException("no notices in " + BenchmarkTexts.CORPUS));
        }
        List<ProducerRecord<String, Item>> records = new ArrayList<>();
        for (int n = 0; n < items; n++) {
            boolean copy = n % 10 == 9;
            String[] notice = notices.get((copy ? n - 1 : n) % notices.size());
            Instant at = BASE.plus(Duration.ofMinutes(n));
            String id = "bench:" + n;
            String doc = String.format("20%02d-%05d", 30 + n / 100_000, n % 100_000);
            Item item = copy
                    ? new Item(id, "wire", "rss", null, "https://wire.example/" + n, notice[0], "Wire copy. " + notice[1], "en", at,
                    null, at, "h" + n)
                    : new Item(id, "federal-register", "federal-register", "US",
                    "https://www.federalregister.gov/documents/2030/01/01/" + doc + "/notice", notice[0], notice[1], "en", at, null,
                    at, "h" + n);
            records.add(new ProducerRecord<>(Topics.ITEMS.name(), null, at.toEpochMilli(), id, item));
        }
        publish(records);
    }

    private void publish(List<ProducerRecord<String, Item>> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<String, Item> producer = new KafkaProducer<>(props, Topics.ITEMS.keySerde().serializer(),
                Topics.ITEMS.valueSerde().serializer())) {
            records.forEach(producer::send);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }
}
