package chokepoint.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses URLs that would turn the fetcher against its own network (SSRF): non-HTTP schemes, and hosts that
 * resolve to loopback, link-local, site-local, unique-local, wildcard or multicast addresses, unless the exact
 * host:port is on the allowlist (the demo source, tests). Every address a name resolves to is checked, so a
 * name with one public and one private address is refused.
 */
public final class AddressGuard {

    private final Set<String> allowed;

    public AddressGuard(List<String> allowedHostPorts) {
        this.allowed = Set.copyOf(allowedHostPorts.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }

    public void check(URI uri) throws FetchRefused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw FetchRefused.permanent("refused: scheme '" + scheme + "' is not http or https");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw FetchRefused.permanent("refused: no host in URL");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowed.contains((bareHost + ":" + port).toLowerCase(Locale.ROOT))) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bareHost);
        } catch (UnknownHostException e) {
            throw FetchRefused.nameNotFound(bareHost);
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                throw FetchRefused.permanent("refused: " + bareHost + " resolves to internal address "
                        + address.getHostAddress() + " (list " + bareHost + ":" + port + " in allowed-private to allow it)");
            }
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc;
            boolean v4Embedded = isV4MappedOrCompatible(bytes);
            if (uniqueLocal) {
                return true;
            }
            if (v4Embedded) {
                try {
                    return isInternal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        // 100.64.0.0/10 (carrier-grade NAT) and 0.0.0.0/8 are not covered by the InetAddress predicates.
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second <= 127);
    }

    private static boolean isV4MappedOrCompatible(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        boolean mapped = (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
        boolean compatible = bytes[10] == 0 && bytes[11] == 0;
        return mapped || compatible;
    }
}
