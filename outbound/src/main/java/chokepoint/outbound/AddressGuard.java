package chokepoint.outbound;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses URLs that would turn the fetcher against its own network (SSRF): non-HTTP schemes, and hosts that are or
 * resolve to an address of a reserved or special-purpose block of IANA's registries ({@link SpecialAddresses}:
 * loopback, private, shared, link-local, benchmarking, documentation, NAT64, 6to4, Teredo, multicast, reserved...),
 * unless the exact host:port is on the allowlist (the demo source, tests, an operator's internal receiver). The host
 * is read as a browser reads it first ({@link Hosts}: {@code 0x7f000001}, {@code 127.1} are 127.0.0.1). Every
 * address a name resolves to is checked, so a name with one public and one private address is refused.
 */
public final class AddressGuard {

    private final Set<String> allowed;
    private final DnsResolver lookup;

    public AddressGuard(List<String> allowedHostPorts) {
        this(allowedHostPorts, SystemDefaultDnsResolver.INSTANCE);
    }

    /** @param lookup how names are resolved (the system's; a test's that answers with the addresses it is given) */
    AddressGuard(List<String> allowedHostPorts, DnsResolver lookup) {
        Set<String> keys = new HashSet<>();
        for (String hostPort : allowedHostPorts) {
            int colon = hostPort.lastIndexOf(':');
            if (colon > 0) {
                keys.add(key(hostPort.substring(0, colon), hostPort.substring(colon + 1)));
            }
        }
        this.allowed = Set.copyOf(keys);
        this.lookup = lookup;
    }

    /** The host of an allowlist entry or of a URL, compared without brackets, case or a trailing dot. */
    static String bare(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        bare = bare.toLowerCase(Locale.ROOT);
        return bare.endsWith(".") && bare.length() > 1 ? bare.substring(0, bare.length() - 1) : bare;
    }

    private static String key(String host, String port) {
        String canonical;
        try {
            canonical = Hosts.canonical(host.trim());
        } catch (FetchRefused e) {
            canonical = host.trim();
        }
        return bare(canonical) + " " + port.trim();
    }

    public void check(URI written) throws FetchRefused {
        String scheme = written.getScheme() == null ? "" : written.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw FetchRefused.permanent("refused: scheme '" + scheme + "' is not http or https");
        }
        URI uri = Urls.withCanonicalHost(written);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw FetchRefused.permanent("refused: no host in URL");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String bareHost = bare(host);
        if (allowed.contains(bareHost + " " + port)) {
            return;
        }
        InetAddress literal = Hosts.literal(bareHost);
        InetAddress[] addresses;
        if (literal != null) {
            addresses = new InetAddress[]{literal};
        } else {
            try {
                addresses = lookup.resolve(bareHost);
            } catch (UnknownHostException e) {
                throw FetchRefused.nameNotFound(bareHost);
            }
        }
        for (InetAddress address : addresses) {
            String why = whyInternal(address);
            if (why != null) {
                throw FetchRefused.permanent("refused: " + bareHost + " resolves to internal address "
                        + address.getHostAddress() + ", " + why + " (list " + host + ":" + port
                        + " in allowed-private to allow it)");
            }
        }
    }

    static boolean isInternal(InetAddress address) {
        return whyInternal(address) != null;
    }

    /** Which reserved block {@code address} lies in, or null when it is an ordinary public address. */
    static String whyInternal(InetAddress address) {
        Optional<SpecialAddresses.Block> block = SpecialAddresses.blockOf(address);
        if (block.isPresent()) {
            return "in " + block.get().describe();
        }
        // The registries hold every one of these; Java's own predicates stay as a second opinion.
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return "a local or multicast address";
        }
        return null;
    }
}
