package chokepoint.deploy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * HTTP receivers on 127.0.0.1 (Slack webhooks, generic webhooks) that answer each path from a script: a list of
 * answers (200, 429 with Retry-After, 500, 410, or hanging), then 200 for ever. Records every request.
 */
final class ScriptedReceiver implements AutoCloseable {

    /** One answer: a status, a Retry-After in seconds (or -1), or a hang of {@code hangMillis} before answering 200. */
    record Answer(int status, int retryAfter, long hangMillis) {
        static Answer status(int status) {
            return new Answer(status, -1, 0);
        }

        static Answer tooMany(int retryAfter) {
            return new Answer(429, retryAfter, 0);
        }

        static Answer hang(long millis) {
            return new Answer(200, -1, millis);
        }
    }

    record Request(String path, String body, Map<String, String> headers, long atMillis, int answered, boolean hung) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();

    ScriptedReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Answer answer;
            Deque<Answer> script = scripts.get(path);
            synchronized (this) {
                answer = script == null || script.isEmpty() ? new Answer(200, -1, 0) : script.pollFirst();
            }
            requests.add(new Request(path, body, flatten(exchange.getRequestHeaders()), System.currentTimeMillis(), answer.status(),
                    answer.hangMillis() > 0));
            long delay = answer.hangMillis() > 0 ? answer.hangMillis() : delays.getOrDefault(path, 0L);
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (answer.retryAfter() >= 0) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(answer.retryAfter()));
            }
            byte[] out = (answer.status() == 200 ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(answer.status(), out.length);
                exchange.getResponseBody().write(out);
            } catch (IOException e) {
                // The sender gave up waiting (the hang case).
            }
            exchange.close();
        });
        server.start();
    }

    /** Every answer on {@code path} takes this long (a slow but working receiver). */
    void delay(String path, long millis) {
        delays.put(path, millis);
    }

    void script(String path, Answer... answers) {
        scripts.put(path, new ArrayDeque<>(List.of(answers)));
    }

    String url(String path) {
        return "http://" + hostPort() + path;
    }

    /** For delivery.allowed-private: loopback is refused unless allowed. */
    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    List<Request> all() {
        return List.copyOf(requests);
    }

    /** Waits until {@code until} holds for the requests to {@code path}. */
    List<Request> await(String path, Predicate<List<Request>> until, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> until.test(requests(path)));
        } catch (ConditionTimeoutException late) {
            // what came is returned as it is: the caller's assertion says what was expected, with its own message
        }
        return requests(path);
    }

    private static Map<String, String> flatten(Headers headers) {
        Map<String, String> out = new ConcurrentHashMap<>();
        headers.forEach((name, values) -> out.put(name.toLowerCase(), String.join(",", values)));
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
