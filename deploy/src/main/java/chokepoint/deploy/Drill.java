package chokepoint.deploy;

import chokepoint.kafka.KafkaClients;

import chokepoint.records.Breach;
import chokepoint.topics.TopicReader;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The failure drill: three Kafka brokers and the services as separate processes on 127.0.0.1 (two ingest workers,
 * two classifiers, one alerts service), numbered items released by local feeds, {@code kill -9} of one broker, one
 * ingest worker and one classifier mid-run, their restart, then a count: every item once in the items topic, every
 * indicator once, every breach once at the local Slack receiver. Items name one of fifteen target countries and the
 * rule counts per actor→target, so exactly fifteen breaches fire whatever order the items arrive in; each must reach
 * the receiver once.
 */
public final class Drill {

    /** What the drill found. */
    public record Result(int items, Map<String, Integer> counts, List<String> problems, Duration took) {
        public boolean passed() {
            return problems.isEmpty();
        }

        public String summary() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("failure drill: %d items, %.0f s%n", items, took.toMillis() / 1000.0));
            counts.forEach((what, n) -> out.append(String.format("  %-44s %6d%n", what, n)));
            out.append(problems.isEmpty() ? "PASSED: nothing lost, nothing doubled\n" : "FAILED:\n  " + String.join("\n  ", problems) + "\n");
            return out.toString();
        }
    }

    private static final int FEEDS = 3;
    private static final Instant FIRST = Instant.parse("2026-01-05T00:00:00Z");
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern NOTICE_NUMBER = Pattern.compile("Drill notice (\\d+):");
    /** A breach as its message links it (messages carry no raw ids): its page's address. */
    private static final Pattern BREACH_ID = Pattern.compile("breach\\.html\\?id=(drill-each-notice~[A-Za-z0-9._-]+~-?\\d+)");
    private static final List<String> TARGETS = List.of("France", "Germany", "Japan", "Italy", "Spain", "Poland", "Netherlands",
            "Sweden", "Korea", "India", "Brazil", "Canada", "Mexico", "Australia", "Vietnam");

    private final Path dir;
    private final int items;
    private final PrintStream log;
    private final int basePort;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final List<String> slackBodies = new CopyOnWriteArrayList<>();
    /**
     * How long the killed processes stay down: long enough for the survivors to work without them (the killed broker's
     * partitions led by the others, its clients' requests failing over, transactions of the killed left open) before
     * they come back on the same data folders, where their open transactions are aborted and they are fenced.
     */
    private static final long DOWN_MILLIS = 6_000;

    private volatile long releaseStart;
    private volatile long releaseMillis;

    public Drill(Path dir, int items, PrintStream log) {
        this.dir = dir;
        this.items = items;
        this.log = log;
        this.basePort = 19080 + (int) (ProcessHandle.current().pid() % 50) * 40;
    }

    static int clientPort(int basePort, int node) {
        return basePort + 10 * node;
    }

    static String voters(int basePort) {
        List<String> voters = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            voters.add(node + "@127.0.0.1:" + (clientPort(basePort, node) + 1));
        }
        return String.join(",", voters);
    }

    public Result run() throws Exception {
        long started = System.nanoTime();
        LocalFeeds feeds = LocalFeeds.start(path -> rss(Integer.parseInt(path.replaceAll("\\D", ""))), slackBodies::add);
        String bootstrap = String.join(",", List.of(1, 2, 3).stream().map(n -> "127.0.0.1:" + clientPort(basePort, n)).toList());
        List<String> problems = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        try {
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            for (int node = 1; node <= 3; node++) {
                startBroker(node, clusterId);
            }
            awaitBrokers(bootstrap, 3, Duration.ofSeconds(120));
            log.println("drill: three brokers ready on " + bootstrap);
            Path config = writeConfig(bootstrap, feeds);
            startService("alerts", "alerts", config, bootstrap);
            for (String name : List.of("classifier-1", "classifier-2")) {
                startService(name, "classifier", config, bootstrap);
            }
            for (String name : List.of("ingest-1", "ingest-2")) {
                startService(name, "ingest", config, bootstrap);
            }
            // Items appear over about a minute (at least 20 a second), so that the kills fall in the middle.
            releaseMillis = Math.max(20_000, items * 1000L / 20);
            releaseStart = System.currentTimeMillis();
            log.printf("drill: releasing %d items over %d s%n", items, releaseMillis / 1000);
            Thread.sleep(releaseMillis * 2 / 5);
            log.println("drill: kill -9 of broker-2, ingest-1 and classifier-1");
            for (String name : List.of("broker-2", "ingest-1", "classifier-1")) {
                processes.get(name).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            Thread.sleep(DOWN_MILLIS);
            log.println("drill: restarting them");
            startBroker(2, clusterId);
            startService("ingest-1", "ingest", config, bootstrap);
            startService("classifier-1", "classifier", config, bootstrap);

            Duration patience = Duration.ofMillis(releaseMillis).plus(Duration.ofSeconds(180 + items / 10));
            long deadline = System.nanoTime() + patience.toNanos();
            while (System.nanoTime() < deadline && !(releasedAll() && breachIds().size() >= expectedBreaches()
                    && count(bootstrap, Topics.ITEMS) >= items && count(bootstrap, Topics.INDICATORS) >= items)) {
                Thread.sleep(2000);
            }
            Thread.sleep(5000); // anything doubled would arrive now
            Map<String, Integer> memory = new LinkedHashMap<>();
            processes.forEach((name, process) -> memory.put("resident memory of " + name + " (MiB)", residentMib(process)));
            check(bootstrap, counts, problems);
            counts.putAll(memory);
        } finally {
            stopAll();
            feeds.close();
        }
        return new Result(items, counts, problems, Duration.ofNanos(System.nanoTime() - started));
    }

    private boolean releasedAll() {
        return System.currentTimeMillis() - releaseStart >= releaseMillis;
    }

    /** Drill records in a topic so far (read_committed), to know when everything came through. */
    private static <V> int count(String bootstrap, chokepoint.topics.Topic<String, V> topic) {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        TopicReader.readAll(KafkaClients.of(bootstrap), topic, (key, value) -> {
            if (value != null && key != null && key.startsWith("drill-feed-")) {
                keys.add(key);
            }
        });
        return keys.size();
    }

    private void check(String bootstrap, Map<String, Integer> counts, List<String> problems) {
        Map<String, Integer> itemCopies = new HashMap<>();
        Set<Long> numbers = ConcurrentHashMap.newKeySet();
        TopicReader.readAll(KafkaClients.of(bootstrap), Topics.ITEMS, (key, item) -> {
            if (item != null && item.sourceId().startsWith("drill-feed-")) {
                itemCopies.merge(item.id(), 1, Integer::sum);
                Matcher number = NOTICE_NUMBER.matcher(item.title());
                if (number.find()) {
                    numbers.add(Long.parseLong(number.group(1)));
                }
            }
        });
        Map<String, Integer> indicatorCopies = new HashMap<>();
        TopicReader.readAll(KafkaClients.of(bootstrap), Topics.INDICATORS, (key, indicator) -> {
            if (indicator != null && indicator.sourceId().startsWith("drill-feed-")) {
                indicatorCopies.merge(key, 1, Integer::sum);
            }
        });
        Set<String> firing = ConcurrentHashMap.newKeySet();
        TopicReader.readAll(KafkaClients.of(bootstrap), Topics.BREACHES, (key, breach) -> {
            if (breach != null && breach.state() == Breach.State.FIRING && "drill-each-notice".equals(breach.ruleId())) {
                firing.add(key);
            }
        });
        Map<String, Integer> delivered = breachIds();
        counts.put("items in chokepoint.items", itemCopies.size());
        counts.put("items published more than once", (int) itemCopies.values().stream().filter(n -> n > 1).count());
        counts.put("indicators in chokepoint.indicators", indicatorCopies.size());
        counts.put("indicators published more than once", (int) indicatorCopies.values().stream().filter(n -> n > 1).count());
        counts.put("breaches fired", firing.size());
        counts.put("breaches at the Slack receiver", delivered.size());
        counts.put("breaches delivered more than once", (int) delivered.values().stream().filter(n -> n > 1).count());
        counts.put("Slack messages", slackBodies.size());
        expect(problems, "items", items, itemCopies.size());
        expect(problems, "items published more than once", 0, counts.get("items published more than once"));
        expect(problems, "indicators", items, indicatorCopies.size());
        expect(problems, "indicators published more than once", 0, counts.get("indicators published more than once"));
        expect(problems, "breaches fired", expectedBreaches(), firing.size());
        expect(problems, "breaches delivered", expectedBreaches(), delivered.size());
        List<Long> missing = new ArrayList<>();
        for (long n = 0; n < items; n++) {
            if (!numbers.contains(n) && missing.size() < 20) {
                missing.add(n);
            }
        }
        List<String> doubled = itemCopies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .sorted().limit(20).toList();
        if (!doubled.isEmpty()) {
            problems.add("first items published more than once: " + doubled);
        }
        if (itemCopies.size() < items) {
            problems.add("first missing item numbers: " + missing);
        }
        expect(problems, "breaches delivered more than once", 0, counts.get("breaches delivered more than once"));
    }

    private int expectedBreaches() {
        return Math.min(items, TARGETS.size());
    }

    private static void expect(List<String> problems, String what, int expected, int actual) {
        if (expected != actual) {
            problems.add(what + ": expected " + expected + ", found " + actual);
        }
    }

    /** Breach ids in the Slack messages, with how many messages carried each. */
    private Map<String, Integer> breachIds() {
        Map<String, Integer> ids = new HashMap<>();
        for (String body : slackBodies) {
            Matcher matcher = BREACH_ID.matcher(body);
            Set<String> inThis = new java.util.HashSet<>();
            while (matcher.find()) {
                inThis.add(matcher.group(1));
            }
            inThis.forEach(id -> ids.merge(id, 1, Integer::sum));
        }
        return ids;
    }

    /** The items of one feed released so far, newest first, as RSS 2.0. */
    private String rss(int feed) {
        long released = releaseStart == 0 ? 0 : Math.min(items,
                (System.currentTimeMillis() - releaseStart) * items / Math.max(1, releaseMillis));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
                + "<title>Drill feed " + feed + "</title><link>https://drill.example/</link><description>numbered notices</description>");
        for (long n = released - 1; n >= 0; n--) {
            if (n % FEEDS != feed) {
                continue;
            }
            Instant at = FIRST.plus(Duration.ofMinutes(n));
            String target = TARGETS.get((int) (n % TARGETS.size()));
            String doc = String.format("2026-%05d", n);
            xml.append("<item><guid isPermaLink=\"false\">drill-").append(n).append("</guid>")
                    .append("<title>Drill notice ").append(n).append(": export licensing requirement imposed on gallium exports to ")
                    .append(target).append("</title>")
                    .append("<link>https://www.federalregister.gov/documents/2026/01/05/").append(doc).append("/drill-notice-").append(n).append("</link>")
                    .append("<description>The Bureau of Industry and Security imposes a license requirement for exports of gallium to ")
                    .append(target).append(".</description>")
                    .append("<pubDate>").append(RFC_1123.format(at)).append("</pubDate></item>");
        }
        return xml.append("</channel></rss>").toString();
    }

    private Path writeConfig(String bootstrap, LocalFeeds feeds) throws IOException {
        StringBuilder sources = new StringBuilder();
        for (int feed = 0; feed < FEEDS; feed++) {
            sources.append("  - id: drill-feed-").append(feed).append("\n    kind: rss\n    url: http://127.0.0.1:").append(feeds.port())
                    .append("/feed-").append(feed).append(".xml\n    interval: 2s\n    jurisdiction: US\n    lang: en\n")
                    // Every drill item must end in a breach message, those of the first poll too.
                    .append("    baseline: false\n");
        }
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, """
                kafka:
                  bootstrap-servers: "%s"
                  partitions: 3
                  replication-factor: 3
                  application-prefix: drill
                http:
                  port: 0
                """.formatted(bootstrap)
                + feeds.alertingYaml(sources.toString(), "drill-each-notice", "Each drill notice", "drill-receiver", "500ms"));
        return file;
    }

    /** VmRSS from /proc, in MiB, or -1 where there is no /proc. */
    private static int residentMib(Process process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Integer.parseInt(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or the process is gone.
        }
        return -1;
    }

    private void startBroker(int node, String clusterId) throws IOException {
        start("broker-" + node, List.of("broker", "--node", Integer.toString(node), "--base-port", Integer.toString(basePort),
                "--dir", dir.resolve("broker-" + node).toString(), "--cluster-id", clusterId), Map.of());
    }

    private void startService(String name, String service, Path config, String bootstrap) throws IOException {
        start(name, List.of("run", "--config", config.toString(), "--services", service),
                Map.of("CHOKEPOINT_DATA_DIR", dir.resolve(name).toString(), "KAFKA_BOOTSTRAP_SERVERS", bootstrap));
    }

    private void start(String name, List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Chokepoint.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        builder.environment().putAll(env);
        processes.put(name, builder.start());
    }

    private void awaitBrokers(String bootstrap, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count) {
                        return;
                    }
                } catch (Exception e) {
                    // Not up yet.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the brokers did not form a cluster in " + timeout.toSeconds() + " s; see " + dir);
                }
                Thread.sleep(500);
            }
        }
    }

    private void stopAll() {
        List<String> names = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            if (!name.startsWith("broker")) {
                processes.get(name).destroy();
            }
        }
        for (String name : names) {
            if (!name.startsWith("broker")) {
                waitOrKill(processes.get(name));
            }
        }
        for (String name : names) {
            if (name.startsWith("broker")) {
                processes.get(name).destroy();
            }
        }
        processes.values().forEach(Drill::waitOrKill);
    }

    private static void waitOrKill(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
