package chokepoint.ingest.sites;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.config.IngestSettings;
import chokepoint.config.SourceConfig;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sites of the default catalogue on 127.0.0.1: one server per real host, answering the paths of
 * {@code sites/routes.tsv} with the recorded fixtures (404 for anything else), with the real hosts in bodies rewritten
 * to the loopback ones so that links lead back here. {@link #catalogue} gives the project's own {@code chokepoint.yml}
 * with its addresses rewritten the same way: what is tested is the configuration users run.
 */
public final class CatalogueSites implements AutoCloseable {

    /** One request a site received. */
    public record Request(String host, String method, String path, String query, String body, Map<String, String> headers) {
    }

    private static final String SITES = "/sites/";
    private final Map<String, HttpServer> servers = new LinkedHashMap<>();
    private final Map<String, Map<String, String[]>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public CatalogueSites(List<String> hosts) throws IOException {
        for (String line : new String(resource("routes.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            routes.computeIfAbsent(f[0], h -> new ConcurrentHashMap<>()).put(f[1], new String[]{f[2], f[3]});
        }
        for (String host : hosts) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getRawPath();
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
                requests.add(new Request(host, exchange.getRequestMethod(), java.net.URLDecoder.decode(path, StandardCharsets.UTF_8),
                        exchange.getRequestURI().getRawQuery(), body, headers));
                String[] route = routes.getOrDefault(host, Map.of()).get(java.net.URLDecoder.decode(path, StandardCharsets.UTF_8));
                if (route == null) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                byte[] bytes = rewrite(resource(route[0]), route[1]);
                exchange.getResponseHeaders().set("Content-Type", route[1]);
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            servers.put(host, server);
        }
    }

    /** A fixture, from the classpath: these sites serve the deploy module's tests too. */
    public static byte[] resource(String path) throws IOException {
        String name = java.nio.file.Path.of(SITES + path).normalize().toString().replace('\\', '/');
        try (InputStream in = CatalogueSites.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    /** The hosts the sources of a configuration reach. */
    public static List<String> hostsOf(List<SourceConfig> sources) {
        List<String> hosts = new ArrayList<>();
        for (SourceConfig source : sources) {
            for (String url : new String[]{source.url(), source.fallbackUrl(), source.listing() == null ? null : source.listing().url()}) {
                if (url != null && url.startsWith("http")) {
                    String host = URI.create(url).getHost();
                    if (!hosts.contains(host)) {
                        hosts.add(host);
                    }
                }
            }
        }
        return hosts;
    }

    /** Serve another file at a path from now on (a site that updates a document or changes its layout). */
    public void serve(String host, String path, String file) {
        String[] old = routes.get(host).get(path);
        routes.get(host).put(path, new String[]{file, old == null ? "text/html" : old[1]});
    }

    public List<Request> requests(String host) {
        return requests.stream().filter(r -> r.host().equals(host)).toList();
    }

    /** {@code http://127.0.0.1:port} for a real host. */
    public String base(String host) {
        return "http://127.0.0.1:" + servers.get(host).getAddress().getPort();
    }

    /** Every real host's address, rewritten to its loopback server. */
    public String rewrite(String text) {
        String out = text;
        for (String host : servers.keySet()) {
            out = out.replace("https://" + host, base(host)).replace("http://" + host, base(host));
        }
        return out;
    }

    private byte[] rewrite(byte[] body, String contentType) {
        // Only UTF-8 bodies are rewritten; others (a GB18030 page) hold no absolute links.
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.contains("\uFFFD")) {
            return rewrite(text).getBytes(StandardCharsets.UTF_8);
        }
        return body;
    }

    /** The project's chokepoint.yml with every source's addresses on these servers, loopback allowed, no pauses. */
    public ChokepointConfig catalogue(Path dir) throws IOException {
        String yaml = rewrite(Files.readString(Path.of("../chokepoint.yml")));
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, yaml);
        ChokepointConfig config = new ConfigLoader(Map.of()).load(file);
        List<String> allowed = servers.keySet().stream().map(h -> "127.0.0.1:" + servers.get(h).getAddress().getPort()).toList();
        IngestSettings ingest = config.ingest().withAllowedPrivate(allowed);
        return config.withIngest(new IngestSettings(ingest.userAgent(), ingest.connectTimeout(), java.time.Duration.ofSeconds(10),
                ingest.maxBodyBytes(), ingest.maxRedirects(), allowed, java.time.Duration.ZERO));
    }

    /** The hosts of the project's chokepoint.yml. */
    public static List<String> catalogueHosts() throws IOException {
        Path file = Files.createTempFile("catalogue", ".yml");
        Files.writeString(file, Files.readString(Path.of("../chokepoint.yml")));
        return hostsOf(new ConfigLoader(Map.of()).load(file).sources());
    }

    /** A source of a configuration by id. */
    public static SourceConfig source(ChokepointConfig config, String id) {
        return config.sources().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no source " + id + " in chokepoint.yml"));
    }

    @Override
    public void close() {
        servers.values().forEach(server -> server.stop(0));
    }
}
