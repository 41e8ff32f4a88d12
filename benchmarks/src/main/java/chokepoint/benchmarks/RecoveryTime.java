package chokepoint.benchmarks;

import chokepoint.deploy.LocalFeeds;
import org.apache.kafka.common.test.KafkaClusterTestKit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Recovery after a crash: the whole pipeline as one process on a real broker, notices arriving in a local feed, each
 * firing its own breach at a local Slack receiver; {@code kill -9} of the process, a new notice at that moment, and an
 * immediate restart on the same data folder. Measured: from the kill to readiness, and from the kill to the Slack
 * message for the new notice; with static group membership (the default) and without, side by side.
 * <pre>benchmarks/run-recovery [rounds, default 2]</pre>
 */
public final class RecoveryTime {

    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final List<String> TARGETS = List.of("France", "Germany", "Japan", "Italy", "Spain", "Poland",
            "Netherlands", "Sweden", "Korea", "India", "Brazil", "Canada", "Mexico", "Australia", "Vietnam");

    private final List<String> released = new CopyOnWriteArrayList<>();
    private final List<String> slack = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        try (KafkaClusterTestKit cluster = InJvmCluster.start()) {
            new RecoveryTime().run(cluster.bootstrapServers(), rounds);
        }
    }

    private void run(String bootstrap, int rounds) throws Exception {
        LocalFeeds feeds = LocalFeeds.start(path -> rss(), slack::add);
        List<String> rows = new ArrayList<>();
        try {
            int round = 0;
            for (int r = 0; r < rounds; r++) {
                for (boolean staticMembership : List.of(true, false)) {
                    round++;
                    double[] figures = measure(bootstrap, feeds, staticMembership, round);
                    rows.add(String.format("| %-22s | %5d | %16.1f | %24.1f |", staticMembership ? "static (default)" : "dynamic",
                            r + 1, figures[0], figures[1]));
                    System.err.println(rows.get(rows.size() - 1));
                }
            }
        } finally {
            feeds.close();
        }
        System.out.println("| group membership       | round | kill → ready (s) | kill → next breach at Slack (s) |");
        System.out.println("|------------------------|-------|------------------|---------------------------------|");
        rows.forEach(System.out::println);
    }

    /** @return seconds from the kill to readiness, and to the Slack message for the notice released at the kill */
    private double[] measure(String bootstrap, LocalFeeds feeds, boolean staticMembership, int round) throws Exception {
        Path dir = Files.createTempDirectory("chokepoint-recovery");
        int httpPort = freePort();
        Path config = dir.resolve("chokepoint.yml");
        Files.writeString(config, """
                data-dir: ./data
                kafka:
                  bootstrap-servers: "%s"
                  partitions: 2
                  application-prefix: recovery-%d
                  static-membership: %s
                http:
                  port: %d
                """.formatted(bootstrap, round, staticMembership, httpPort) + feeds.alertingYaml("""
                  - id: recovery-feed
                    kind: rss
                    url: http://127.0.0.1:%d/feed.xml
                    interval: 1s
                    jurisdiction: CN
                    # the notices are news from the first poll on (a first poll is otherwise the source's baseline)
                    baseline: false
                """.formatted(feeds.port()), "each-notice", "Each notice", "recovery", "0s"));
        released.clear();
        slack.clear();
        release(round, 0);
        Process process = start(config, dir);
        try {
            awaitReady(httpPort, Duration.ofMinutes(3));
            await(() -> slack.stream().anyMatch(m -> m.contains(notice(round, 0))), Duration.ofMinutes(2), "the first breach");
            release(round, 1);
            await(() -> slack.stream().anyMatch(m -> m.contains(notice(round, 1))), Duration.ofMinutes(1), "the second breach");
            Thread.sleep(3_000);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            release(round, 2);
            process = start(config, dir);
            awaitReady(httpPort, Duration.ofMinutes(3));
            double ready = (System.nanoTime() - killed) / 1e9;
            await(() -> slack.stream().anyMatch(m -> m.contains(notice(round, 2))), Duration.ofMinutes(3), "the breach after the kill");
            double breach = (System.nanoTime() - killed) / 1e9;
            return new double[]{ready, breach};
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String notice(int round, int n) {
        return "recovery notice " + round + "-" + n;
    }

    private void release(int round, int n) {
        String target = TARGETS.get((round * 3 + n) % TARGETS.size());
        released.add("<item><guid>" + notice(round, n) + "</guid><title>China imposes export controls on gallium shipments to "
                + target + " (" + notice(round, n) + ")</title><link>https://example.cn/" + round + "/" + n + "</link>"
                + "<pubDate>" + RFC_1123.format(Instant.now().minusSeconds(5)) + "</pubDate></item>");
    }

    private String rss() {
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>recovery</title><link>https://example.cn/</link>"
                + "<description>d</description>" + String.join("", released) + "</channel></rss>";
    }

    private static Process start(Path config, Path dir) throws IOException {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "chokepoint.deploy.Chokepoint", "run", "--config", config.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("service.log").toFile())).start();
    }

    private void awaitReady(int port, Duration timeout) throws Exception {
        await(() -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }, timeout, "readiness");
    }

    private interface Check {
        boolean done() throws Exception;
    }

    private static void await(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not come within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
