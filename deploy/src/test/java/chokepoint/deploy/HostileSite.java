package chokepoint.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * A web site on 127.0.0.1 that serves what attackers and broken sites serve (the cases of
 * {@code shared/reference/hostile-inputs.md} and of issue 16), beside healthy feeds whose rhythm a test watches; servers
 * that drip their headers a byte a second on raw sockets; and a canary port that is not allowed and must never be
 * reached (redirects point there).
 */
final class HostileSite implements AutoCloseable {

    static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ServerSocket canary;
    private final AtomicInteger canaryHits = new AtomicInteger();
    private final List<ServerSocket> drippers = new CopyOnWriteArrayList<>();
    private final List<Instant> dripsStarted = new CopyOnWriteArrayList<>();
    private final Map<String, List<Instant>> requests = new ConcurrentHashMap<>();
    private final Map<String, Supplier<String>> healthy = new ConcurrentHashMap<>();
    private final AtomicInteger rotation = new AtomicInteger();

    HostileSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        canary = listen(socket -> {
            canaryHits.incrementAndGet();
            try {
                socket.close();
            } catch (IOException ignored) {
                // counted; nothing to answer
            }
        });
        String now = RFC_1123.format(Instant.now().minusSeconds(600));
        feed("/dated-1969.xml", () -> rss(
                item("hostile-1969", "Commerce imposes export controls on gallium for the 1969 test", "https://example.gov/1969",
                        "Tue, 31 Dec 1969 23:59:59 GMT"),
                item("hostile-0001", "A notice dated year one", "https://example.gov/0001", "Mon, 01 Jan 0001 00:00:00 GMT")));
        feed("/ahead-12h.xml", () -> rss(item("hostile-ahead", "Japan imposes export controls on photoresist for the ahead test",
                "https://example.jp/ahead", RFC_1123.format(Instant.now().plusSeconds(12 * 3600)))));
        feed("/impossible-date.xml", () -> rss(item("hostile-impossible", "A notice dated the 45th of the 13th month",
                "https://example.gov/impossible", "2025-13-45")));
        feed("/deep-xhtml.xml", () -> "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>urn:t</id>"
                + "<updated>2025-10-09T00:00:00Z</updated><entry><title>deep</title><id>urn:e</id><updated>2025-10-09T00:00:00Z</updated>"
                + "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">" + "<div>".repeat(60_000) + "x"
                + "</div>".repeat(60_000) + "</div></content></entry></feed>");
        feed("/huge-description.xml", () -> rss("<item><guid>hostile-huge</guid><title>A notice with a 3.4 MB description</title>"
                + "<link>https://example.gov/huge</link><pubDate>" + now + "</pubDate><description>"
                + "tariff ".repeat(490_000) + "</description></item>"));
        feed("/rotating-guids.xml", () -> rss(item("rotating-" + rotation.incrementAndGet(),
                "One story whose guid changes at every request", "https://example.org/story?utm_source=rss&utm_medium=" + rotation.get(), now)));
        feed("/shared-guid.xml", () -> rss(item("same-guid", "First entry sharing a guid", "https://example.org/first", now)
                + item("same-guid", "Second entry sharing a guid", "https://example.org/second", now)));
        feed("/javascript-link.xml", () -> rss(item("hostile-js", "<img src=x onerror=alert(1)>Script in a title",
                "javascript:alert(document.cookie)", now)));
        feed("/xxe.xml", () -> "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<rss version=\"2.0\"><channel><title>&xxe;</title><link>https://x.org/</link><description>d</description>"
                + item("xxe", "&xxe;", "https://x.org/xxe", now) + "</channel></rss>");
        feed("/billion-laughs.xml", () -> "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                + "<rss version=\"2.0\"><channel><title>&lol3;</title></channel></rss>");
        feed("/html-instead.xml", () -> "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>");
        feed("/truncated.xml", () -> rss(item("t1", "Truncated", "https://x.org/t", now)).substring(0, 180));
        server.createContext("/status-500", exchange -> answer(exchange, 500, "text/plain", "oops".getBytes()));
        server.createContext("/status-429", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "999999999");
            answer(exchange, 429, "text/plain", "slow down".getBytes());
        });
        server.createContext("/gzip-bomb.xml", exchange -> {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
                gzip.write(new byte[50 * 1024 * 1024]);
            }
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            answer(exchange, 200, "application/rss+xml", compressed.toByteArray());
        });
        server.createContext("/endless.xml", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("<rss version=\"2.0\"><channel><title>".getBytes());
                byte[] chunk = "endless ".repeat(1024).getBytes();
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException stopped) {
                // the client hung up at its cap
            }
        });
        server.createContext("/redirect-to-canary", exchange -> redirect(exchange, "http://127.0.0.1:" + canary.getLocalPort() + "/"));
        server.createContext("/redirect-to-metadata", exchange -> redirect(exchange, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/redirect-to-file", exchange -> redirect(exchange, "file:///etc/passwd"));
        server.createContext("/redirect-loop", exchange -> redirect(exchange, "/redirect-loop"));
        server.createContext("/bad-location", exchange -> redirect(exchange, "/healthy-bad-location.xml?q=a b|{c}%zz"));
        server.start();
        for (int i = 0; i < 4; i++) {
            drippers.add(listen(socket -> {
                dripsStarted.add(Instant.now());
                dripHeaders(socket);
            }));
        }
    }

    /** A healthy feed whose entries the test sets; its requests are timed. */
    String healthy(String name, Supplier<String> items) {
        String path = "/healthy-" + name + ".xml";
        healthy.put(path, items);
        feed(path, () -> rss(items.get()));
        return path;
    }

    String url(String path) {
        return "http://" + hostPort() + path;
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> dripperUrls() {
        return drippers.stream().map(s -> "http://127.0.0.1:" + s.getLocalPort() + "/feed.xml").toList();
    }

    List<String> dripperHostPorts() {
        return drippers.stream().map(s -> "127.0.0.1:" + s.getLocalPort()).toList();
    }

    int canaryPort() {
        return canary.getLocalPort();
    }

    int canaryHits() {
        return canaryHits.get();
    }

    /** When each dripping exchange began, on any of the drippers: one per poll of a dripping source. */
    List<Instant> dripsStarted() {
        return List.copyOf(dripsStarted);
    }

    List<Instant> requests(String path) {
        return List.copyOf(requests.getOrDefault(path, List.of()));
    }

    static String item(String guid, String title, String link, String pubDate) {
        return "<item><guid isPermaLink=\"false\">" + guid + "</guid><title>" + escape(title) + "</title><link>" + escape(link)
                + "</link><description>" + escape(title) + ".</description><pubDate>" + pubDate + "</pubDate></item>";
    }

    static String rss(String... items) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Hostile</title>"
                + "<link>https://example.org/</link><description>test</description>" + String.join("", items) + "</channel></rss>";
    }

    private void feed(String path, Supplier<String> body) {
        server.createContext(path, exchange -> {
            requests.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(Instant.now());
            answer(exchange, 200, "application/rss+xml; charset=utf-8", body.get().getBytes(StandardCharsets.UTF_8));
        });
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException hungUp) {
            // the client stopped reading at its cap
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A status line and headers, a byte a second, forever: only a deadline over the whole exchange stops it. */
    private static void dripHeaders(Socket socket) {
        try (socket; OutputStream out = socket.getOutputStream()) {
            byte[] start = "HTTP/1.1 200 OK\r\nX-Drip: ".getBytes(StandardCharsets.US_ASCII);
            for (byte b : start) {
                out.write(b);
                out.flush();
                Thread.sleep(1000);
            }
            while (true) {
                out.write('a');
                out.flush();
                Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException hungUp) {
            // the client gave up at its deadline
        }
    }

    private static ServerSocket listen(java.util.function.Consumer<Socket> onAccept) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket accepted = socket.accept();
                    Thread handler = new Thread(() -> onAccept.accept(accepted));
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "hostile-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return socket;
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        canary.close();
        for (ServerSocket dripper : drippers) {
            dripper.close();
        }
    }
}
