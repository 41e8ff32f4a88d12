package chokepoint.outbound;

import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One canary per reserved range: a URL whose name resolves to an address of the range is refused before any
 * connection. No request ever leaves this machine: names are answered by a test resolver (no DNS), and whatever
 * passed the guard's check would be dialled at a canary on 127.0.0.1 instead of the address it resolved to, so a
 * range the guard missed shows as a canary hit, not as traffic to that range. The last test shows the canary hears
 * what the guard lets through.
 */
class ReservedRangesCanaryTest {

    private ServerSocket canary;
    private final AtomicInteger canaryHits = new AtomicInteger();

    @BeforeEach
    void startCanary() throws IOException {
        canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread listener = new Thread(() -> {
            while (!canary.isClosed()) {
                try {
                    canary.accept().close();
                    canaryHits.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        listener.setDaemon(true);
        listener.start();
    }

    @AfterEach
    void stopCanary() throws IOException {
        canary.close();
    }

    /** Answers every name with one fixed address, as a hostile DNS server would. */
    private record Answering(InetAddress address) implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return new InetAddress[]{InetAddress.getByAddress(host, address.getAddress())};
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    /** What the connections are opened through: the real check, then the canary instead of the checked address. */
    private static DnsResolver canaryBehindTheCheck(DnsResolver lookup) {
        CheckedDnsResolver checked = new CheckedDnsResolver(lookup, Set.of());
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                checked.resolve(host);
                return new InetAddress[]{InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1})};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    private GuardedHttpClient clientResolvingTo(InetAddress address) {
        OutboundSettings settings = new OutboundSettings("Chokepoint-test", Duration.ofSeconds(2), Duration.ofSeconds(2),
                64 * 1024, 0, List.of(), Duration.ZERO);
        DnsResolver lookup = new Answering(address);
        return new GuardedHttpClient(settings, HostTurns.Ticker.SYSTEM, lookup, canaryBehindTheCheck(lookup));
    }

    /** One address inside each block: its network address with the lowest bit of the last byte set. */
    static Stream<Arguments> everyRegistryBlock() throws UnknownHostException {
        List<Arguments> cases = new ArrayList<>();
        List<SpecialAddresses.Block> blocks = new ArrayList<>(SpecialAddresses.specialPurposeBlocks());
        blocks.addAll(SpecialAddresses.addressSpaceBlocks());
        for (SpecialAddresses.Block block : blocks) {
            byte[] inside = block.network().clone();
            if (block.prefixLength() < inside.length * 8) {
                inside[inside.length - 1] |= 1;
            }
            cases.add(Arguments.of(block.text() + " " + block.name(), InetAddress.getByAddress(inside)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRegistryBlock")
    void aNameResolvingIntoEveryRegistryBlockIsRefusedAndTheCanaryHearsNothing(String block, InetAddress address) {
        assertRefusedBeforeAnyConnection(address, null);
    }

    /** The ranges issue 28 names, each with the block the refusal must name. */
    static Stream<Arguments> rangesTheIssueNames() {
        return Map.ofEntries(
                Map.entry("64:ff9b::7f00:1", "64:ff9b::/96"),            // NAT64 well-known prefix, 127.0.0.1 inside
                Map.entry("64:ff9b::808:808", "64:ff9b::/96"),           // NAT64 with a public IPv4 inside: refused all the same
                Map.entry("64:ff9b:1::a00:1", "64:ff9b:1::/48"),         // NAT64 local-use prefix
                Map.entry("2002:7f00:1::1", "2002::/16"),                // 6to4 carrying 127.0.0.1
                Map.entry("2002:a9fe:a9fe::1", "2002::/16"),             // 6to4 carrying 169.254.169.254
                Map.entry("2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::/32"), // Teredo (RFC 4380's example)
                Map.entry("198.18.0.1", "198.18.0.0/15"),                // benchmarking
                Map.entry("198.19.255.254", "198.18.0.0/15"),
                Map.entry("240.0.0.1", "240.0.0.0/4"),                   // reserved for future use
                Map.entry("255.255.255.254", "240.0.0.0/4"),
                Map.entry("255.255.255.255", "255.255.255.255/32"),      // limited broadcast
                Map.entry("100.64.0.1", "100.64.0.0/10"),                // shared address space (carrier-grade NAT)
                Map.entry("100.127.255.254", "100.64.0.0/10"),
                Map.entry("192.0.0.1", "192.0.0.0/29"),                  // IETF protocol assignments, 192.0.0.0/24
                Map.entry("192.0.0.200", "192.0.0.0/24"),
                Map.entry("224.0.0.251", "224.0.0.0/8"),                 // multicast
                Map.entry("239.255.255.250", "239.0.0.0/8"),
                Map.entry("ff02::1", "ff00::/8"),
                Map.entry("::127.0.0.1", "0000::/8"),                    // IPv4-compatible (deprecated) form
                Map.entry("::", "::/128"),
                Map.entry("::1", "::1/128"),
                Map.entry("fd00:ec2::254", "fc00::/7"),                  // a cloud's IPv6 metadata address
                Map.entry("fec0::1", "fec0::/10"),                       // site-local (deprecated)
                Map.entry("169.254.169.254", "169.254.0.0/16"),
                Map.entry("0.0.0.0", "0.0.0.0/32"),
                Map.entry("10.1.2.3", "10.0.0.0/8"),
                Map.entry("192.0.2.10", "192.0.2.0/24"),
                Map.entry("2001:db8::1", "2001:db8::/32"))
                .entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("rangesTheIssueNames")
    void theRangesTheIssueNamesAreRefusedByName(String literal, String block) throws Exception {
        InetAddress address = InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
        assertRefusedBeforeAnyConnection(address, block);
    }

    @Test
    void theIpv4MappedFormIsJudgedAsTheIpv4AddressItCarries() throws Exception {
        // ::ffff:127.0.0.1 and ::ffff:198.18.0.1 are the IPv4 addresses themselves to the socket layer.
        assertRefusedBeforeAnyConnection(InetAddress.getByAddress(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff,
                (byte) 0xff, (byte) 198, 18, 0, 1}), "198.18.0.0/15");
    }

    private void assertRefusedBeforeAnyConnection(InetAddress address, String block) {
        try (GuardedHttpClient client = clientResolvingTo(address)) {
            URI url = URI.create("http://receiver.test:" + canary.getLocalPort() + "/hook");
            FetchRefused sent = assertThrows(FetchRefused.class,
                    () -> client.send(OutboundRequest.postJson(url, "{}", Map.of()), Duration.ofSeconds(5)));
            FetchRefused fetched = assertThrows(FetchRefused.class, () -> client.get(url, null, null));
            for (FetchRefused refused : List.of(sent, fetched)) {
                assertTrue(refused.isPermanent(), refused.getMessage());
                assertTrue(refused.getMessage().contains("internal address"), refused.getMessage());
                if (block != null) {
                    assertTrue(refused.getMessage().contains("in " + block + " "), refused.getMessage());
                }
            }
        }
        assertEquals(0, canaryHits.get(), "a request got past the guard to the canary for " + address);
    }

    @Test
    void theCanaryHearsWhatTheGuardLetsThrough() throws Exception {
        // 93.184.215.14 (example.com's address in 2024): public, so the check passes and the dial goes to the canary.
        try (GuardedHttpClient client = clientResolvingTo(InetAddress.getByAddress(new byte[]{93, (byte) 184, (byte) 215, 14}))) {
            URI url = URI.create("http://receiver.test:" + canary.getLocalPort() + "/hook");
            try {
                client.send(OutboundRequest.postJson(url, "{}", Map.of()), Duration.ofSeconds(5));
                fail("the canary closes every connection without an answer");
            } catch (FetchRefused expected) {
                assertTrue(!expected.isPermanent(), expected.getMessage());
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> canaryHits.get() == 1);
    }
}
