package chokepoint.outbound;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A URL's host read the way browsers and curl read it (the WHATWG URL Standard's host parser): percent escapes
 * decoded, international names made ASCII (IDNA), and a name that ends in a number parsed as an IPv4 address in
 * any of its written forms: {@code 0x7f000001}, {@code 017700000001}, {@code 2130706433}, {@code 127.1},
 * {@code 0x7f.0.0.01}, {@code 127.0.0.1.}, {@code １２７．０．０．１}. The address guard must judge the address the
 * request would really go to, not the text it was written as; a name that ends in a number without being an IPv4
 * address ({@code foo.0x7g}) is no host at all, as in a browser.
 */
public final class Hosts {

    /** What the host parser may not find in a name once decoded (the URL Standard's forbidden domain code points). */
    private static final String FORBIDDEN = " #%/:<>?@[\\]^|\u007f";

    private Hosts() {
    }

    /**
     * The host as a request would use it: an IPv4 address in its dotted form, an international name in ASCII, an
     * IPv6 literal in brackets as written; an ordinary ASCII name unchanged (its case and a trailing dot kept, so
     * that links keep their identity).
     *
     * @param written the host as written in the URL's authority (may be percent-encoded, may be an IPv6 literal)
     * @throws FetchRefused (permanent) when it is no host: an IPv6 zone id, a bad escape, a forbidden character,
     *                      a name that ends in a number without being an IPv4 address
     */
    public static String canonical(String written) throws FetchRefused {
        if (written == null || written.isEmpty()) {
            throw FetchRefused.permanent("not a URL: no host");
        }
        if (written.startsWith("[")) {
            return ipv6Literal(written);
        }
        String decoded = percentDecode(written);
        String ascii = decoded;
        if (!decoded.chars().allMatch(c -> c < 128)) {
            try {
                ascii = IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED).toLowerCase(java.util.Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw FetchRefused.permanent("not a URL: the host is not a valid international name");
            }
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (c < 0x20 || FORBIDDEN.indexOf(c) >= 0) {
                throw FetchRefused.permanent("not a URL: the host holds a character no host may hold");
            }
        }
        if (endsInANumber(ascii)) {
            long address = ipv4(ascii);
            return ((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "." + ((address >> 8) & 0xff) + "."
                    + (address & 0xff);
        }
        if (ascii.isEmpty()) {
            throw FetchRefused.permanent("not a URL: no host");
        }
        return ascii;
    }

    /**
     * The address a canonical host names literally (dotted IPv4, or an IPv6 literal with or without brackets),
     * without any lookup; null for a name.
     */
    public static InetAddress literal(String canonicalHost) {
        String bare = canonicalHost.startsWith("[") && canonicalHost.endsWith("]")
                ? canonicalHost.substring(1, canonicalHost.length() - 1) : canonicalHost;
        boolean ipv6 = bare.contains(":") && bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        boolean ipv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!ipv6 && !ipv4) {
            return null;
        }
        try {
            // A literal of digits, dots and colons only: InetAddress parses it and asks no resolver.
            return InetAddress.getByName(ipv6 ? "[" + bare + "]" : bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String ipv6Literal(String written) throws FetchRefused {
        if (!written.endsWith("]")) {
            throw FetchRefused.permanent("not a URL: an IPv6 address without its closing bracket");
        }
        String inner = written.substring(1, written.length() - 1);
        if (inner.contains("%")) {
            // fe80::1%25eth0 picks a network interface of this machine: never a receiver's address (and browsers
            // refuse it too).
            throw FetchRefused.permanent("not a URL: IPv6 zone ids (%25...) are not allowed");
        }
        if (literal(inner) == null) {
            throw FetchRefused.permanent("not a URL: not an IPv6 address in brackets");
        }
        return written;
    }

    /**
     * The URL Standard's "ends in a number" test: the last label (a trailing dot aside) is all digits, or an IPv4
     * number in hex ({@code 0x...}) or octal.
     */
    static boolean endsInANumber(String host) {
        List<String> parts = new ArrayList<>(Arrays.asList(host.split("\\.", -1)));
        if (parts.get(parts.size() - 1).isEmpty()) {
            if (parts.size() == 1) {
                return false;
            }
            parts.remove(parts.size() - 1);
        }
        String last = parts.get(parts.size() - 1);
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return number(last) != null;
    }

    /** The URL Standard's IPv4 parser: one to four parts, each decimal, octal (leading 0) or hex (0x). */
    static long ipv4(String host) throws FetchRefused {
        List<String> parts = new ArrayList<>(Arrays.asList(host.split("\\.", -1)));
        if (parts.get(parts.size() - 1).isEmpty() && parts.size() > 1) {
            parts.remove(parts.size() - 1);
        }
        if (parts.size() > 4) {
            throw notIpv4();
        }
        List<BigInteger> numbers = new ArrayList<>();
        for (String part : parts) {
            BigInteger number = number(part);
            if (number == null) {
                throw notIpv4();
            }
            numbers.add(number);
        }
        BigInteger byteLimit = BigInteger.valueOf(255);
        for (int i = 0; i < numbers.size() - 1; i++) {
            if (numbers.get(i).compareTo(byteLimit) > 0) {
                throw notIpv4();
            }
        }
        BigInteger last = numbers.get(numbers.size() - 1);
        if (last.compareTo(BigInteger.valueOf(256).pow(5 - numbers.size())) >= 0) {
            throw notIpv4();
        }
        long address = last.longValue();
        for (int i = 0; i < numbers.size() - 1; i++) {
            address += numbers.get(i).longValue() << (8 * (3 - i));
        }
        return address;
    }

    /** The URL Standard's IPv4 number parser, or null where it fails. */
    private static BigInteger number(String part) {
        if (part.isEmpty()) {
            return null;
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return BigInteger.ZERO;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c >= 128 || Character.digit(c, radix) < 0) {
                return null;
            }
        }
        return new BigInteger(digits, radix);
    }

    private static FetchRefused notIpv4() {
        return FetchRefused.permanent("not a URL: the host ends in a number but is not an IPv4 address");
    }

    private static String percentDecode(String text) throws FetchRefused {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw FetchRefused.permanent("not a URL: a bad percent escape in the host");
                }
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                byte[] encoded = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
