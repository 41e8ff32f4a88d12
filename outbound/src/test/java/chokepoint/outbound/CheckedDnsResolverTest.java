package chokepoint.outbound;

import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DNS rebinding: a name that resolves to a public address when checked and to a private one when connected. No DNS
 * server can be run here, so the system resolver is replaced by one that answers like a rebinding attacker's.
 */
class CheckedDnsResolverTest {

    /** First answer public, every later answer the cloud metadata address. */
    private static final class Rebinding implements DnsResolver {
        private final AtomicInteger lookups = new AtomicInteger();

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            byte[] address = lookups.getAndIncrement() == 0 ? new byte[]{93, (byte) 184, (byte) 215, 14}
                    : new byte[]{(byte) 169, (byte) 254, (byte) 169, (byte) 254};
            return new InetAddress[]{InetAddress.getByAddress(host, address)};
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    @Test
    void aNameThatTurnsPrivateBetweenLookupsIsRefusedWhenConnecting() throws Exception {
        Rebinding attacker = new Rebinding();
        CheckedDnsResolver resolver = new CheckedDnsResolver(attacker, Set.of());
        InetAddress[] checked = resolver.resolve("rebind.example");
        assertTrue(!AddressGuard.isInternal(checked[0]), "the first answer is public");
        CheckedDnsResolver.Refused refused = assertThrows(CheckedDnsResolver.Refused.class,
                () -> resolver.resolve("rebind.example"));
        assertTrue(refused.getMessage().contains("169.254.169.254"), refused.getMessage());
    }

    @Test
    void allowListedHostsMayResolvePrivately() throws Exception {
        CheckedDnsResolver resolver = new CheckedDnsResolver(new Rebinding(), Set.of("intranet.example"));
        resolver.resolve("intranet.example");
        assertTrue(AddressGuard.isInternal(resolver.resolve("intranet.example")[0]));
    }
}
