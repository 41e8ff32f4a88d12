package chokepoint.outbound;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * The resolver the HTTP client connects through: it resolves a name once and hands over only addresses that
 * passed the {@link AddressGuard} test, so that the socket goes to an address that was checked. A name that
 * answers with a public address to the first lookup and a private one to the next (DNS rebinding) is refused at
 * the second, the one used to connect.
 */
final class CheckedDnsResolver implements DnsResolver {

    /** The refusal, as the exception the client expects from a resolver. */
    static final class Refused extends UnknownHostException {
        Refused(String message) {
            super(message);
        }
    }

    private final DnsResolver system;
    private final Set<String> allowedHosts;

    CheckedDnsResolver(DnsResolver system, Set<String> allowedHosts) {
        this.system = system;
        this.allowedHosts = allowedHosts.stream().map(AddressGuard::bare).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = system.resolve(host);
        if (allowedHosts.contains(AddressGuard.bare(host))) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            String why = AddressGuard.whyInternal(address);
            if (why != null) {
                throw new Refused("refused: " + host + " resolves to internal address " + address.getHostAddress()
                        + ", " + why);
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return system.resolveCanonicalHostname(host);
    }
}
