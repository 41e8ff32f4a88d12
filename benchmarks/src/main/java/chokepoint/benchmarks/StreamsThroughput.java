package chokepoint.benchmarks;

import chokepoint.kafka.KafkaClients;
import chokepoint.alerts.replay.ReplayRequest;
import chokepoint.alerts.replay.ReplayResult;
import chokepoint.alerts.replay.ReplayRun;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.records.Item;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.topology.ClassifyTopology;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Records per second under exactly-once on a real broker in this JVM, five ways over the same pre-loaded items
 * topic: a hand-written consume→produce loop in Kafka transactions, a pass-through Kafka Streams topology, the
 * classifier alone in a topology (read, classify, write: what classification costs without fusion), Chokepoint's
 * classify-and-fuse topology, and a replay of the same items (both topologies on a replay lane). Rounds are interleaved after a warm-up; the median of each is reported
 * with the ratios. Run: {@code benchmarks/run-streams [items] [rounds]}.
 */
public final class StreamsThroughput {

    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final String PASS_THROUGH_OUT = "bench.pass-through";
    private static final String RAW_OUT = "bench.raw";
    /** Stream threads per topology (both variants alike), from -Dthreads, default 1. */
    private static final int THREADS = Integer.getInteger("threads", 1);
    private static final String CLASSIFY_ONLY_OUT = "bench.classify-only";
    /**
     * Warm-up rounds before the measured ones, from -Dwarmups, default 2: broker, clients and Streams are a lot of
     * code, and with one warm-up round the JIT was still compiling in the measured ones (a third of the CPU).
     */
    private static final int WARMUPS = Integer.getInteger("warmups", 2);
    /** The variants to run, from -Dvariants (comma-separated), default all. */
    private static final List<String> VARIANTS = List.of(System.getProperty("variants",
            "raw,pass-through,classify-only,full,replay").split(","));

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (KafkaClusterTestKit cluster = InJvmCluster.start()) {
            String bootstrap = cluster.bootstrapServers();
            try (Admin admin = cluster.admin()) {
                TopicSetup.ensure(admin, 3, (short) 1);
                admin.createTopics(List.of(new NewTopic(PASS_THROUGH_OUT, 3, (short) 1), new NewTopic(RAW_OUT, 3, (short) 1),
                        new NewTopic(CLASSIFY_ONLY_OUT, 3, (short) 1))).all().get();
            }
            preload(bootstrap, items);
            System.err.printf("pre-loaded %d items; %d rounds after %d warm-up rounds%n", items, rounds, WARMUPS);
            Map<String, List<Double>> rates = new HashMap<>();
            for (int round = 1 - WARMUPS; round <= rounds; round++) {
                for (String variant : VARIANTS) {
                    double rate = run(variant, bootstrap, items, round);
                    System.err.printf("round %d %-12s %,10.0f records/s%n", round, variant, rate);
                    if (round > 0) {
                        rates.computeIfAbsent(variant, v -> new ArrayList<>()).add(rate);
                    }
                }
            }
            // Variants left out with -Dvariants print as NaN.
            double raw = median(rates.get("raw"));
            double pass = median(rates.get("pass-through"));
            double classify = median(rates.get("classify-only"));
            double full = median(rates.get("full"));
            double replay = median(rates.get("replay"));
            System.out.println();
            System.out.println("| variant (exactly-once, 1 broker, 3 partitions, " + THREADS + " stream thread(s)) | records/s (median) |");
            System.out.println("|---|---|");
            System.out.printf("| consume→produce loop in transactions | %,.0f |%n", raw);
            System.out.printf("| pass-through topology | %,.0f |%n", pass);
            System.out.printf("| classify only (no fusion) | %,.0f |%n", classify);
            System.out.printf("| classify + fuse topology | %,.0f |%n", full);
            System.out.printf("| replay (classify + fuse + thresholds on a replay lane, start-up and comparison included) | %,.0f |%n", replay);
            System.out.printf("%nfull / pass-through = %.2f, classify only / pass-through = %.2f, pass-through / raw = %.2f, "
                    + "replay / pass-through = %.2f%n", full / pass, classify / pass, pass / raw, replay / pass);
        }
    }

    private static double run(String variant, String bootstrap, int items, int round) throws Exception {
        String suffix = variant + "-" + round + "-" + System.nanoTime();
        long start = System.nanoTime();
        long cpuStart = CPU.getProcessCpuTime();
        int done;
        switch (variant) {
            case "raw" -> done = rawLoop(bootstrap, "bench-raw-" + suffix, items);
            case "replay" -> {
                // Items per second re-read through both topologies, as ./chokepoint replay reports it.
                ChokepointConfig config = ConfigLoader.fromSystemEnvironment().defaults()
                        .withDataDir(Files.createTempDirectory("bench-replay"));
                ReplayResult result = new ReplayRun("bench" + round, config, KafkaClients.of(bootstrap), new ReplayRequest(
                        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z"), null, null), p -> {
                }).run();
                return result.itemsPerSecond();
            }
            case "pass-through" -> done = streams(bootstrap, passThrough(), "bench-pass-" + suffix, PASS_THROUGH_OUT, items);
            case "classify-only" -> done = streams(bootstrap, classifyOnly(), "bench-classify-" + suffix, CLASSIFY_ONLY_OUT, items);
            default -> done = streams(bootstrap, ClassifyTopology.build(Classifier.bundled(Clock.systemUTC())),
                    "bench-full-" + suffix, Topics.INDICATORS.name(), items);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (CPU.getProcessCpuTime() - cpuStart) / 1e9;
        // Whether a variant is limited by the machine (both cores busy) or by waiting (commits, fetches, rebalances).
        System.err.printf("  %s: %.0f µs of CPU per record, cores busy %.0f%%%n", variant, cpuSeconds * 1e6 / done,
                100 * cpuSeconds / seconds / Runtime.getRuntime().availableProcessors());
        return done / seconds;
    }

    /** Items read, classified and written, without the repartition and the fusion: what classification costs. */
    private static Topology classifyOnly() {
        Classifier classifier = Classifier.bundled(Clock.systemUTC());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.ITEMS.name(), Consumed.with(Topics.ITEMS.keySerde(), Topics.ITEMS.valueSerde()).withName("bench-source"))
                .mapValues(classifier::classify, Named.as("bench-classify"))
                .to(CLASSIFY_ONLY_OUT, Produced.with(Topics.INDICATORS.keySerde(), Topics.INDICATORS.valueSerde()).withName("bench-sink"));
        return builder.build();
    }

    private static Topology passThrough() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.ITEMS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("bench-source"))
                .to(PASS_THROUGH_OUT, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("bench-sink"));
        return builder.build();
    }

    /** Runs a topology from the beginning of the items until its output grew by {@code items} committed records. */
    private static int streams(String bootstrap, Topology topology, String appId, String output, int items) throws Exception {
        long before = committedEnd(bootstrap, output);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-state").toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, THREADS);
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("streams.")) {
                props.put(k.toString().substring("streams.".length()), v);
            }
        });
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            while (committedEnd(bootstrap, output) - before < items) {
                Thread.sleep(50);
            }
            streams.close(Duration.ofSeconds(30));
        }
        return items;
    }

    /** The consume→transform→produce loop written by hand, in transactions with the offsets, as Kafka documents it. */
    private static int rawLoop(String bootstrap, String group, int items) {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group + "-tx");
        int moved = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(Topics.ITEMS.name()));
            while (moved < items) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(new ProducerRecord<>(RAW_OUT, record.key(), record.value()));
                    offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                    moved++;
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
            }
        }
        return moved;
    }

    private static void preload(String bootstrap, int items) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        List<String> texts = BenchmarkTexts.texts(200, 1024);
        try (KafkaProducer<String, Item> producer = new KafkaProducer<>(props, Topics.ITEMS.keySerde().serializer(),
                Topics.ITEMS.valueSerde().serializer())) {
            for (int n = 0; n < items; n++) {
                String text = texts.get(n % texts.size());
                String doc = String.format("2025-%05d", n);
                // A distinct act per item, so that fusion publishes one indicator per item and counts are comparable.
                Item item = new Item("bench:" + n, "bench", "rss", "US",
                        "https://www.federalregister.gov/documents/2025/01/01/" + doc + "/x", text.substring(0, 80), text,
                        "en", base.plusSeconds(n), null, base.plusSeconds(n), "h" + n);
                producer.send(new ProducerRecord<>(Topics.ITEMS.name(), null, base.plusSeconds(n).toEpochMilli(), item.id(), item));
            }
        }
    }

    private static long committedEnd(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            // The last stable offset counts committed records plus transaction markers: a close upper bound that
            // every variant shares.
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static double median(List<Double> values) {
        if (values == null) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
