package chokepoint.deploy;

import chokepoint.alerts.dossier.Dossier;
import chokepoint.alerts.dossier.DossierFormats;
import chokepoint.alerts.dossier.DossierReader;
import chokepoint.alerts.dossier.DossierRequest;
import chokepoint.alerts.replay.ReplayRequest;
import chokepoint.config.ChokepointConfig;
import chokepoint.records.Breach;
import chokepoint.config.ConfigException;
import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import chokepoint.topics.Topic;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleFileException;
import chokepoint.streams.classify.RuleSet;
import chokepoint.streams.cli.ClassifyCommand;
import chokepoint.streams.cli.EvaluateCommand;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The command line behind {@code ./chokepoint}. */
@Command(name = "chokepoint", mixinStandardHelpOptions = true, version = "Chokepoint 0.1.0",
        description = "Monitor of economic coercion: feeds and export-control notices, classified into indicators, "
                + "threshold breaches delivered to Slack and a live page.",
        subcommands = {Chokepoint.Run.class, Chokepoint.Demo.class, Chokepoint.DossierCommand.class, Chokepoint.Classify.class, Chokepoint.Evaluate.class,
                Chokepoint.Replay.class, Chokepoint.TopicsCommand.class, SourcesCommand.class,
                Chokepoint.Broker.class, Chokepoint.DrillCommand.class, Chokepoint.Probe.class, CorpusCli.class, CorpusCli.Train.class, LabelsCli.class})
public final class Chokepoint implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Chokepoint())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Chokepoint::explain)
                .execute(args));
    }

    /** A bad configuration or rule file is the user's to fix: say what is wrong, without a stack trace. */
    private static int explain(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof ConfigException || e instanceof RuleFileException) {
            commandLine.getErr().println(e.getMessage());
            return 2;
        }
        throw e;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code --config FILE}, shared by the commands that start the pipeline. */
    static class ConfigOption {
        @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: ./chokepoint.yml)")
        Path file;

        ChokepointConfig load() {
            ConfigLoader loader = ConfigLoader.fromSystemEnvironment();
            if (file != null) {
                return loader.load(file);
            }
            Path local = Path.of("chokepoint.yml");
            return Files.exists(local) ? loader.load(local) : loader.defaults();
        }
    }

    /** {@code --config FILE} and {@code --demo}, for the commands that read what a pipeline stored. */
    static final class StoredDataOptions extends ConfigOption {
        @Option(names = "--demo", description = "read what ./chokepoint demo published (its data is in data-dir/demo)")
        boolean demo;

        @Override
        ChokepointConfig load() {
            ChokepointConfig settings = super.load();
            return demo ? settings.withDataDir(settings.dataDir().resolve("demo")) : settings;
        }
    }

    static int runPipeline(ChokepointConfig config, AutoCloseable... extras) throws Exception {
        return runPipeline(config, java.util.EnumSet.allOf(Pipeline.Service.class), extras);
    }

    static int runPipeline(ChokepointConfig config, java.util.Set<Pipeline.Service> services, AutoCloseable... extras)
            throws Exception {
        Pipeline pipeline;
        try {
            pipeline = Pipeline.start(config, services);
        } catch (IllegalStateException | java.io.IOException e) {
            // A taken port or a missing cluster: said in one line, not as a stack trace.
            System.err.println("chokepoint: " + e.getMessage());
            for (AutoCloseable extra : extras) {
                extra.close();
            }
            return 1;
        }
        runUntilInterrupted(pipeline, extras);
        return 0;
    }

    /** Runs until Ctrl-C, then stops every component in order so that nothing is left half-written. */
    static void runUntilInterrupted(Pipeline pipeline, AutoCloseable... extras) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("stopping Chokepoint…");
            pipeline.close();
            for (AutoCloseable extra : extras) {
                try {
                    extra.close();
                } catch (Exception ignored) {
                    // Stopping anyway.
                }
            }
            stopped.countDown();
        }, "chokepoint-shutdown"));
        stopped.await();
    }

    @Command(name = "run", description = "Start the whole pipeline (embedded Kafka unless KAFKA_BOOTSTRAP_SERVERS "
            + "or kafka.bootstrap-servers names a cluster) with the page on http://localhost:8080.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOption config;

        @Option(names = "--services", split = ",", paramLabel = "SERVICE",
                description = "run only these (INGEST, CLASSIFIER, THRESHOLDS, DELIVERY, WEB; ALERTS is the last three), "
                        + "to scale one out on a Kafka cluster; default: all")
        java.util.Set<Pipeline.Service> services = java.util.EnumSet.allOf(Pipeline.Service.class);

        @Override
        public Integer call() throws Exception {
            return runPipeline(config.load(), services);
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, description = "Start the pipeline on a story of real "
            + "public documents (MOFCOM's rare-earth controls and listings of EU entities, the EU's duties on Chinese "
            + "electric cars, US Entity List rules), served by local feeds and dated relative to now, with a local "
            + "Slack receiver that prints what it gets; no network needed. Starts from a clean data-dir/demo.")
    static final class Demo implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOption config;

        @Option(names = "--step", paramLabel = "DURATION", defaultValue = "PT4S",
                description = "how often the demo's sources release more notices (ISO-8601, default PT4S)")
        Duration step;

        @Option(names = "--keep", description = "keep what an earlier demo published (by default the demo's data "
                + "folder is emptied, since notices already published are not published again)")
        boolean keep;

        @Override
        public Integer call() throws Exception {
            DemoRun demo;
            try {
                demo = DemoRun.start(config.load(), step, keep, System.out, System.err);
            } catch (IllegalStateException | java.io.IOException e) {
                System.err.println("chokepoint: " + e.getMessage());
                return 1;
            }
            runUntilInterrupted(demo.pipeline(), demo);
            return 0;
        }
    }

    @Command(name = "dossier", mixinStandardHelpOptions = true, description = "Write the dossier of an actor's pressure on a "
            + "target over a range (or of one breach) from what the pipeline stored: measures and their lives, indicators "
            + "with evidence and sources, breaches, Art. 2(2) figures, counter-leverage; as a printable HTML page, CSV or JSON.")
    static final class DossierCommand implements Callable<Integer> {
        @CommandLine.Mixin
        StoredDataOptions config;

        @Option(names = "--actor", paramLabel = "CODE", description = "who applies pressure: CN, US, EU, ...")
        String actor;

        @Option(names = "--target", paramLabel = "CODE", description = "on whom: EU (with its member states), NL, JP, ...")
        String target;

        @Option(names = "--from", paramLabel = "TIME", description = "start: 2025-10-01 or 2025-10-01T00:00:00Z (default: a year before --to)")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "end, exclusive (default: now)")
        String to;

        @Option(names = "--breach", paramLabel = "ID", description = "the case of one breach instead (its actor, target and window)")
        String breach;

        @Option(names = "--format", defaultValue = "html", paramLabel = "FORMAT", description = "html (default), csv or json")
        String format;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write here instead of standard output")
        Path out;

        @Override
        public Integer call() throws Exception {
            ChokepointConfig settings = config.load();
            List<String> problems = new ArrayList<>();
            Instant now = Instant.now();
            Instant start = from == null ? null : ReplayRequest.time(from, "--from", problems);
            Instant end = to == null ? null : ReplayRequest.time(to, "--to", problems);
            if (!List.of("html", "csv", "json").contains(format)) {
                problems.add("--format: html, csv or json");
            }
            DossierRequest request = DossierRequest.of(actor, target, start, end, now, problems);
            if (!problems.isEmpty()) {
                problems.forEach(p -> System.err.println("chokepoint dossier: " + p));
                return 2;
            }
            try (ClusterAccess cluster = ClusterAccess.open(settings, "dossier", System.err)) {
                DossierReader reader = new DossierReader(cluster.clients());
                if (breach != null) {
                    Optional<Breach> found = reader.breach(breach);
                    if (found.isEmpty()) {
                        System.err.println("chokepoint dossier: no breach " + breach);
                        return 2;
                    }
                    request = DossierRequest.ofBreach(found.get(), now);
                }
                Dossier dossier = reader.read(request, now);
                String text = switch (format) {
                    case "csv" -> DossierFormats.csv(dossier);
                    case "json" -> DossierFormats.json(dossier);
                    default -> DossierFormats.html(dossier, request.query());
                };
                if (out == null) {
                    System.out.print(text);
                } else {
                    Files.writeString(out, text);
                    System.err.printf("chokepoint dossier: %d measure(s), %d indicator(s), %d breach(es) written to %s%n",
                            dossier.measures().size(), dossier.indicators().size(), dossier.breaches().size(), out);
                }
                return 0;
            }
        }
    }

    @Command(name = "replay", description = "Re-read the stored items of a time range through the classifier and the "
            + "threshold rules (today's, or those in --rules) in isolation, and show which breaches would have fired "
            + "beside those that did, and the items classified differently now. Sends nothing.")
    static final class Replay implements Callable<Integer> {
        @CommandLine.Mixin
        StoredDataOptions config;

        @Option(names = "--from", required = true, paramLabel = "TIME", description = "start: 2025-10-01 or 2025-10-01T00:00:00Z")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TIME", description = "end (exclusive), like --from")
        String to;

        @Option(names = "--rules", paramLabel = "FILE",
                description = "threshold rules to use instead of today's: a YAML list, or a file with a rules: list")
        Path rules;

        @Option(names = "--classifier-rules", paramLabel = "FILE", description = "a classifier rule file instead of the bundled one")
        Path classifierRules;

        @Override
        public Integer call() throws Exception {
            ChokepointConfig settings = config.load();
            List<String> problems = new ArrayList<>();
            Instant start = ReplayRequest.time(from, "--from", problems);
            Instant end = ReplayRequest.time(to, "--to", problems);
            List<ThresholdRule> thresholdRules = null;
            if (rules != null) {
                try {
                    thresholdRules = ConfigLoader.fromSystemEnvironment().readRules(Files.readString(rules));
                } catch (ConfigException e) {
                    e.problems().forEach(p -> problems.add(rules + ": " + p));
                }
            }
            ReplayRequest request = new ReplayRequest(start, end, thresholdRules,
                    classifierRules == null ? null : Files.readString(classifierRules));
            if (problems.isEmpty()) {
                problems.addAll(request.problems(settings.replay()));
            }
            if (!problems.isEmpty()) {
                problems.forEach(p -> System.err.println("chokepoint replay: " + p));
                return 2;
            }
            return ReplayCommand.run(settings, request, System.out, System.err);
        }
    }

    @Command(name = "topics", description = "List Chokepoint's topics as it creates them (partitions, replication, "
            + "retention or compaction, min.insync.replicas); with --apply, create the missing ones on the configured cluster.")
    static final class TopicsCommand implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOption config;

        @Option(names = "--apply", description = "create missing topics on kafka.bootstrap-servers")
        boolean apply;

        @Override
        public Integer call() throws Exception {
            ChokepointConfig settings = config.load();
            Topics.usePrefix(settings.kafka().topicPrefix());
            short replication = settings.kafka().replicationFactor();
            System.out.printf("%-34s %10s %11s  %s%n", "topic", "partitions", "replication", "settings");
            for (Topic<?, ?> topic : Topics.ALL) {
                System.out.printf("%-34s %10d %11d  %s%n", topic.name(), settings.kafka().partitions(), replication,
                        new TreeMap<>(TopicSetup.configOf(topic, replication)));
            }
            if (!apply) {
                return 0;
            }
            if (settings.kafka().embedded()) {
                System.err.println("chokepoint topics: --apply needs a cluster (KAFKA_BOOTSTRAP_SERVERS or kafka.bootstrap-servers)");
                return 2;
            }
            try (Admin admin = settings.kafka().clients().admin()) {
                TopicSetup.ensure(admin, settings.kafka().partitions(), replication);
            }
            System.err.println("chokepoint topics: every topic exists on " + settings.kafka().clients());
            return 0;
        }
    }

    @Command(name = "broker", description = "Run one Kafka broker of a three-node cluster on 127.0.0.1 (static "
            + "quorum), as the failure drill does: node N listens on BASE+10N (clients) and BASE+10N+1 (controller).")
    static final class Broker implements Callable<Integer> {
        @Option(names = "--node", required = true, description = "1, 2 or 3")
        int node;

        @Option(names = "--base-port", defaultValue = "19080", description = "default 19080: nodes on 19090, 19100, 19110")
        int basePort;

        @Option(names = "--dir", required = true, description = "the node's data folder")
        Path dir;

        @Option(names = "--cluster-id", required = true, description = "a Kafka cluster id shared by the three nodes")
        String clusterId;

        @Override
        public Integer call() throws Exception {
            EmbeddedKafka kafka = EmbeddedKafka.startNode(dir, node, Drill.clientPort(basePort, node),
                    Drill.voters(basePort), clusterId);
            System.err.println("broker " + node + " ready on " + kafka.bootstrapServers());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                stopped.countDown();
            }, "broker-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "probe", description = "Exit 0 when URL answers 200 within two seconds, 1 otherwise: a health check "
            + "for containers, whose images have no shell or curl.")
    static final class Probe implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "URL", description = "e.g. http://127.0.0.1:8080/health/readiness")
        java.net.URI url;

        @Override
        public Integer call() {
            try {
                int status = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build()
                        .send(java.net.http.HttpRequest.newBuilder(url).timeout(java.time.Duration.ofSeconds(2)).build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                System.err.println("probe " + url + ": " + status);
                return status == 200 ? 0 : 1;
            } catch (Exception e) {
                System.err.println("probe " + url + ": " + e);
                return 1;
            }
        }
    }

    @Command(name = "drill", description = "Failure drill on this machine: three brokers and the services as separate "
            + "processes, numbered items from local feeds, kill -9 of a broker and of one instance of each scalable "
            + "service mid-run, restarts, then checks that every item, indicator and breach came through once.")
    static final class DrillCommand implements Callable<Integer> {
        @Option(names = "--items", defaultValue = "2000", description = "numbered items to feed (default 2000)")
        int items;

        @Option(names = "--dir", description = "working folder (default: a new temporary one)")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path work = dir != null ? dir : Files.createTempDirectory("chokepoint-drill");
            Drill.Result result = new Drill(work, items, System.err).run();
            System.out.println(result.summary());
            return result.passed() ? 0 : 1;
        }
    }

    @Command(name = "classify", description = "Classify JSON Lines from standard input ({\"id\",\"title\",\"text\","
            + "\"lang\"}) into JSON Lines on standard output, one per input line, offline.")
    static final class Classify implements Callable<Integer> {
        @Option(names = "--rules", paramLabel = "FILE", description = "a rule file instead of the bundled one")
        Path rules;

        @CommandLine.Mixin
        CorpusCli.ModelOption model;

        @Option(names = "--threads", paramLabel = "N", description = "lines classified at once (default: one per "
                + "processor, ${DEFAULT-VALUE}); the output is in input order either way")
        int threads = Runtime.getRuntime().availableProcessors();

        @Override
        public Integer call() {
            if (threads < 1) {
                System.err.println("classify: --threads must be at least 1, not " + threads);
                return 2;
            }
            RuleSet ruleSet = rules == null ? RuleSet.bundled() : RuleSet.load(rules);
            return new ClassifyCommand(new Classifier(ruleSet, model.load(), Clock.systemUTC()), threads)
                    .run(System.in, System.out, System.err);
        }
    }

    @Command(name = "evaluate", description = "Score the classifier on a labelled JSON Lines file (the format of "
            + "shared/corpora/eval/dev.jsonl): precision, recall and F1 per measure and stage, actor accuracy, "
            + "a table per source family, confusion matrix.")
    static final class Evaluate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "labelled items, one JSON object per line "
                + "(without FILE: the corpus, --split)")
        Path file;

        @Option(names = "--split", paramLabel = "test|dev|train", description = "score one split of the corpus per "
                + "family and language (default test when no FILE is given)")
        String split;

        @Option(names = "--files", paramLabel = "GLOB", description = "score every item of the corpus files that "
                + "match GLOB (a file name such as 'round8-*', or a path under the corpus), whatever their split: a new "
                + "gathering before `train` learns from it")
        String files;

        @CommandLine.Mixin
        CorpusCli.CorpusOption corpus;

        @CommandLine.Mixin
        CorpusCli.ModelOption model;

        @Option(names = "--compare", description = "the rules alone, the model alone and both, side by side")
        boolean compare;

        @Option(names = "--errors", description = "list the misclassified items with their evidence")
        boolean errors;

        @Option(names = "--rules", paramLabel = "FILE", description = "a rule file instead of the bundled one")
        Path rules;

        @Option(names = "--part", paramLabel = "tune|report", description = "score one fixed half of every family: "
                + "'tune' for the items rules are fitted on, 'report' for the held-out half that only measures them")
        String part;

        @Override
        public Integer call() {
            if (part != null && !part.equals("tune") && !part.equals("report")) {
                System.err.println("--part is 'tune' or 'report', not '" + part + "'");
                return 2;
            }
            RuleSet ruleSet = rules == null ? RuleSet.bundled() : RuleSet.load(rules);
            Classifier classifier = new Classifier(ruleSet, model.load(), Clock.systemUTC());
            if (files != null) {
                if (file != null || split != null) {
                    System.err.println("evaluate: --files scores corpus files; give it without FILE and --split");
                    return 2;
                }
                return chokepoint.streams.cli.CorpusEvaluation.runFiles(corpus.dir, files, classifier, compare, errors,
                        System.out, System.err);
            }
            if (file == null || split != null) {
                chokepoint.streams.corpus.Split which;
                try {
                    which = chokepoint.streams.corpus.Split.parse(split == null ? "test" : split);
                } catch (IllegalArgumentException e) {
                    System.err.println("--split: " + e.getMessage());
                    return 2;
                }
                return chokepoint.streams.cli.CorpusEvaluation.run(corpus.dir, which, classifier, compare, errors,
                        System.out, System.err);
            }
            return new EvaluateCommand(classifier).run(file, errors, part, System.out, System.err);
        }
    }
}
