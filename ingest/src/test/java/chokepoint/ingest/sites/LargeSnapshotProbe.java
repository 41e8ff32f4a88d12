package chokepoint.ingest.sites;

import chokepoint.ingest.feed.FeedParser;
import chokepoint.ingest.feed.ListSnapshot;
import chokepoint.outbound.GuardedHttpClient;
import chokepoint.outbound.OutboundRequest;
import chokepoint.outbound.OutboundSettings;
import chokepoint.records.ListEntry;
import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Run in a JVM of its own with a small heap ({@link LargeSnapshotTest}): serves a generated Consolidated Screening
 * List snapshot of {@code args[0]} entries (about 1.4 KB each, as the live file's), streamed as it is written, and
 * reads it the way the worker does, through the guarded client under a 64 MiB cap. Prints the bytes served, the
 * entries read and the heap they hold.
 */
public final class LargeSnapshotProbe {

    public static void main(String[] args) throws Exception {
        int entries = Integer.parseInt(args[0]);
        long[] served = new long[1];
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/consolidated.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                served[0] += write(out, "{\"total\":" + entries + ",\"results\":[");
                for (int i = 0; i < entries; i++) {
                    served[0] += write(out, (i == 0 ? "" : ",") + entry(i));
                }
                served[0] += write(out, "]}");
            }
        });
        server.start();
        String hostPort = "127.0.0.1:" + server.getAddress().getPort();
        OutboundSettings settings = new OutboundSettings("probe", Duration.ofSeconds(5), Duration.ofSeconds(120), 64L << 20, 0,
                List.of(hostPort), Duration.ZERO);
        try (GuardedHttpClient http = new GuardedHttpClient(settings)) {
            Map<String, ListEntry> list = http.stream(OutboundRequest.get(URI.create("http://" + hostPort + "/consolidated.json")),
                    (GuardedHttpClient.BodyReader<Map<String, ListEntry>, FeedParser.InvalidFeed>) (body, type, uri) -> ListSnapshot.read(body))
                    .value();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("served=%d entries=%d heapMiB=%.1f%n", served[0], list.size(), heap / 1048576.0);
        } finally {
            server.stop(0);
        }
    }

    private static int write(OutputStream out, String text) throws java.io.IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        return bytes.length;
    }

    /** One entry shaped like the live file's: id, name, list, addresses, programs, remarks, links. */
    static String entry(int i) {
        return "{\"id\":\"" + String.format("%056x", i) + "\",\"name\":\"Generated Party " + i + " Trading Company Limited\","
                + "\"alt_names\":[\"GPTC " + i + "\",\"Generated Party " + i + " Ltd\"],"
                + "\"source\":\"Entity List (EL) - Bureau of Industry and Security\",\"programs\":[\"EAR\"],"
                + "\"addresses\":[{\"address\":\"" + i + " Industrial Park Road, Building " + (i % 97) + "\",\"city\":\"City "
                + (i % 500) + "\",\"state\":null,\"postal_code\":\"" + (100000 + i) + "\",\"country\":\"CN\"}],"
                + "\"federal_register_notice\":\"89 FR " + (1000 + i % 9000) + "\",\"start_date\":\"2024-05-06\",\"end_date\":null,"
                + "\"standard_order\":\"Y\",\"license_requirement\":\"For all items subject to the EAR.\","
                + "\"license_policy\":\"Presumption of denial.\",\"remarks\":\"" + "Generated remark text for sizing. ".repeat(20) + "\","
                + "\"source_list_url\":\"https://www.bis.gov/entity-list\",\"source_information_url\":\"https://www.bis.gov/entity-list\"}";
    }
}
