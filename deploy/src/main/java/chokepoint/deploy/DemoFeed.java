package chokepoint.deploy;

import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The demo's sources: one RSS feed per source of the {@link DemoStory} on 127.0.0.1, built with Rome. Nothing is
 * released until {@link #begin()} (called once the pipeline is ready, so that the page fills up while one
 * watches); then a few notices every step, in the story's order, across the feeds.
 */
public final class DemoFeed implements AutoCloseable {

    private final HttpServer server;
    private final DemoStory story;
    private final Instant storyNow = Instant.now();
    private final int perStep;
    private final Duration step;
    private volatile long begunAt = -1;

    private DemoFeed(HttpServer server, DemoStory story, int perStep, Duration step) {
        this.server = server;
        this.story = story;
        this.perStep = perStep;
        this.step = step;
    }

    public static DemoFeed start(int perStep, Duration step) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DemoFeed feed = new DemoFeed(server, DemoStory.bundled(), perStep, step);
        for (DemoStory.Source source : DemoStory.Source.values()) {
            server.createContext("/" + source.key + ".rss", exchange -> {
                byte[] body = feed.render(source).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
        }
        server.start();
        return feed;
    }

    /** Starts releasing notices. */
    public void begin() {
        begunAt = System.nanoTime();
    }

    public String url(DemoStory.Source source) {
        return "http://" + hostPort() + "/" + source.key + ".rss";
    }

    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int total() {
        return story.notices().size();
    }

    /** How many notices are out now. */
    int released() {
        if (begunAt < 0) {
            return 0;
        }
        long steps = (System.nanoTime() - begunAt) / step.toNanos() + 1;
        return (int) Math.min(total(), steps * perStep);
    }

    private String render(DemoStory.Source source) {
        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType("rss_2.0");
        feed.setTitle(source.title + " (Chokepoint demo)");
        feed.setLink("http://" + hostPort() + "/");
        feed.setDescription("Real public documents, dated relative to the start of the demo, released a few at a time");
        feed.setLanguage(source.lang);
        List<SyndEntry> entries = new ArrayList<>();
        for (DemoStory.Notice notice : story.notices().subList(0, released())) {
            if (notice.source() != source) {
                continue;
            }
            SyndEntry entry = new SyndEntryImpl();
            entry.setTitle(notice.title());
            entry.setLink(notice.link());
            entry.setUri(notice.id());
            SyndContentImpl description = new SyndContentImpl();
            description.setType("text/plain");
            description.setValue((notice.text().isEmpty() ? "" : notice.text() + " ")
                    + "(Published " + notice.published() + "; dated " + notice.daysAgo() + " days before the demo started.)");
            entry.setDescription(description);
            entry.setPublishedDate(Date.from(notice.datedAt(storyNow)));
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
