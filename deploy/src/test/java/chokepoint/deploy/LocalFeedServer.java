package chokepoint.deploy;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** An RSS feed on 127.0.0.1 whose items a test can change between polls. */
final class LocalFeedServer implements AutoCloseable {

    record Entry(String guid, String title, String link, String description, String pubDate) {
    }

    private final HttpServer server;
    private final AtomicReference<List<Entry>> entries = new AtomicReference<>(List.of());
    private final AtomicInteger requests = new AtomicInteger();

    LocalFeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feed.xml", exchange -> {
            requests.incrementAndGet();
            byte[] body = render().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    void serve(List<Entry> items) {
        entries.set(List.copyOf(items));
    }

    String url() {
        return "http://" + hostPort() + "/feed.xml";
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    private String render() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                + "<title>Test notices</title><link>https://example.org/</link><description>test</description>");
        for (Entry e : entries.get()) {
            xml.append("<item><guid isPermaLink=\"false\">").append(e.guid()).append("</guid><title>")
                    .append(escape(e.title())).append("</title><link>").append(escape(e.link())).append("</link>")
                    .append("<description>").append(escape(e.description())).append("</description><pubDate>")
                    .append(e.pubDate()).append("</pubDate></item>");
        }
        return xml.append("</channel></rss>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
