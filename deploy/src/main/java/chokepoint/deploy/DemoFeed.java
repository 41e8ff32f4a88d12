package chokepoint.deploy;

import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The demo's source: an RSS feed on 127.0.0.1 built with Rome from the bundled Federal Register notices
 * ({@code demo/federal-register-notices.jsonl}, public domain). It releases the notices a few at a time, oldest
 * first, so that the page fills up while one watches.
 */
public final class DemoFeed implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> notices;
    private final long startedAt = System.nanoTime();
    private final int perStep;
    private final Duration step;

    private DemoFeed(HttpServer server, List<JsonNode> notices, int perStep, Duration step) {
        this.server = server;
        this.notices = notices;
        this.perStep = perStep;
        this.step = step;
    }

    public static DemoFeed start(int perStep, Duration step) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DemoFeed feed = new DemoFeed(server, loadNotices(), perStep, step);
        server.createContext("/federal-register.rss", exchange -> {
            byte[] body = feed.render().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return feed;
    }

    static List<JsonNode> loadNotices() throws IOException {
        List<JsonNode> notices = new ArrayList<>();
        try (InputStream in = DemoFeed.class.getResourceAsStream("/demo/federal-register-notices.jsonl");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    notices.add(Json.MAPPER.readTree(line));
                }
            }
        }
        return notices;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/federal-register.rss";
    }

    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int total() {
        return notices.size();
    }

    private String render() {
        long steps = (System.nanoTime() - startedAt) / step.toNanos() + 1;
        int visible = (int) Math.min(notices.size(), steps * perStep);
        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType("rss_2.0");
        feed.setTitle("Federal Register notices (Chokepoint demo)");
        feed.setLink("https://www.federalregister.gov/");
        feed.setDescription("Bundled public-domain Federal Register notices, released a few at a time");
        feed.setLanguage("en");
        List<SyndEntry> entries = new ArrayList<>();
        for (JsonNode notice : notices.subList(0, visible)) {
            SyndEntry entry = new SyndEntryImpl();
            entry.setTitle(notice.path("title").asText());
            entry.setLink(notice.path("html_url").asText());
            entry.setUri(notice.path("document_number").asText());
            SyndContentImpl description = new SyndContentImpl();
            description.setType("text/plain");
            description.setValue(notice.path("abstract").asText());
            entry.setDescription(description);
            LocalDate date = LocalDate.parse(notice.path("publication_date").asText());
            entry.setPublishedDate(Date.from(date.atTime(13, 0).toInstant(ZoneOffset.UTC)));
            entries.add(0, entry);
        }
        feed.setEntries(entries);
        try {
            return new SyndFeedOutput().outputString(feed);
        } catch (FeedException e) {
            throw new IllegalStateException("Rome cannot write the demo feed", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
