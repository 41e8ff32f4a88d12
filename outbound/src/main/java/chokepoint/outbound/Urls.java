package chokepoint.outbound;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * URLs as sites write them, made into URIs: browsers accept spaces, non-ASCII letters, {@code |}, braces and stray
 * {@code %} in an href or a Location header, {@link URI} refuses them. Such characters are percent-encoded (UTF-8), an
 * existing {@code %XX} escape is kept, and what is still not a URI after that is refused with a message.
 */
public final class Urls {

    private static final String ALLOWED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + "-._~:/?#[]@!$&'()*+,;=";

    private Urls() {
    }

    /** The URI a browser would request for {@code written}; throws {@link FetchRefused} (permanent) when there is none. */
    public static URI parse(String written) throws FetchRefused {
        if (written == null || written.isBlank()) {
            throw FetchRefused.permanent("empty URL");
        }
        URI uri;
        try {
            uri = new URI(encodeIllegal(written.trim()));
        } catch (URISyntaxException e) {
            throw FetchRefused.permanent("not a URL: " + e.getReason());
        }
        return withCanonicalHost(uri);
    }

    /**
     * {@code uri} with its host as a browser reads it ({@link Hosts#canonical}): {@code http://0x7f000001:8080/} is
     * {@code http://127.0.0.1:8080/}, {@code http://127.1/} is {@code http://127.0.0.1/}, an international name is
     * in ASCII. {@link URI} reads some of these as a name and others as no host at all; the guard must see, and the
     * client must dial, the address they are. A URI without an authority (a relative link) is returned as it is.
     */
    public static URI withCanonicalHost(URI uri) throws FetchRefused {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return uri;
        }
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
        String hostPort = authority.substring(at + 1);
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = close < 0 ? hostPort : hostPort.substring(0, close + 1);
            port = close < 0 ? "" : hostPort.substring(close + 1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? "" : hostPort.substring(colon);
        }
        if (!port.isEmpty() && !port.matches(":\\d{0,5}")) {
            throw FetchRefused.permanent("not a URL: the port is not a number");
        }
        String canonical = Hosts.canonical(host);
        if (canonical.equals(host)) {
            // Also a name URI cannot read as a host (an underscore): the guard refuses what has no host.
            return uri;
        }
        StringBuilder text = new StringBuilder();
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append(':');
        }
        text.append("//").append(userInfo).append(canonical).append(port);
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            text.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            text.append('#').append(uri.getRawFragment());
        }
        try {
            URI rebuilt = new URI(text.toString());
            if (rebuilt.getHost() == null) {
                throw FetchRefused.permanent("not a URL: no host that a request could go to");
            }
            return rebuilt;
        } catch (URISyntaxException e) {
            throw FetchRefused.permanent("not a URL: " + e.getReason());
        }
    }

    /** {@code base} resolved against a relative or absolute reference as written on a page or in a header. */
    public static URI resolve(URI base, String reference) throws FetchRefused {
        URI relative = parse(reference);
        try {
            return base.resolve(relative);
        } catch (IllegalArgumentException e) {
            throw FetchRefused.permanent("cannot resolve a link against " + base.getHost() + ": " + e.getMessage());
        }
    }

    static String encodeIllegal(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        // Brackets belong to an IPv6 host only; a second '#' is not a fragment's start.
        int authorityEnd = authorityEnd(text);
        boolean fragment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bracketOutsideHost = (c == '[' || c == ']') && i >= authorityEnd;
            boolean secondHash = c == '#' && fragment;
            fragment |= c == '#';
            if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
                out.append(c);
            } else if (c < 128 && ALLOWED.indexOf(c) >= 0 && !bracketOutsideHost && !secondHash) {
                out.append(c);
            } else {
                int codePoint = text.codePointAt(i);
                if (Character.charCount(codePoint) == 2) {
                    i++;
                }
                for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
        }
        return out.toString();
    }

    private static int authorityEnd(String text) {
        int start = text.indexOf("//");
        if (start < 0) {
            return 0;
        }
        for (int i = start + 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return text.length();
    }

    private static boolean isHex(String text, int at) {
        return at < text.length() && Character.digit(text.charAt(at), 16) >= 0;
    }
}
