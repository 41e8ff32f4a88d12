package chokepoint.outbound;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The address blocks no outbound request may reach, read from IANA's own registries as IANA publishes them (XML, in
 * {@code chokepoint/outbound/iana/}, provenance in SOURCES.md there) rather than from a list written by hand:
 * <ul>
 *   <li>every block of the IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890), whatever its "globally
 *   reachable" flag: loopback, private use, shared address space, benchmarking, documentation, NAT64 (both
 *   64:ff9b::/96 and 64:ff9b:1::/48), Teredo, 6to4, IPv4-mapped... A feed or a webhook never lives in an anycast
 *   or translation block, and a translation prefix can carry an internal IPv4 address inside it;</li>
 *   <li>every IPv4 /8 the IPv4 Address Space Registry marks RESERVED (0/8, 10/8, 127/8, multicast 224-239, future
 *   use 240-255);</li>
 *   <li>every IPv6 block the IPv6 Address Space Registry does not mark "Global Unicast" (2000::/3): multicast
 *   ff00::/8, unique local, link and site local, and the space reserved by the IETF, which holds the deprecated
 *   IPv4-compatible form ::a.b.c.d.</li>
 * </ul>
 * A block of the special-purpose registries is named before one of the address-space registries, the most specific
 * first, so that a refusal says "198.18.0.0/15 Benchmarking" rather than only "reserved".
 */
public final class SpecialAddresses {

    /** One refused block: its network, its length, and where it comes from. */
    public record Block(byte[] network, int prefixLength, String text, String name, String registry) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }

        /** As a refusal names it: {@code 198.18.0.0/15 Benchmarking (IANA IPv4 Special-Purpose Address Registry)}. */
        public String describe() {
            return text + " " + name + " (" + registry + ")";
        }
    }

    private static final String NS = "http://www.iana.org/assignments";
    private static final String FOLDER = "/chokepoint/outbound/iana/";
    private static final List<Block> SPECIAL;
    private static final List<Block> SPACE;

    static {
        List<Block> special = new ArrayList<>();
        special.addAll(specialRegistry("iana-ipv4-special-registry.xml", "IANA IPv4 Special-Purpose Address Registry"));
        special.addAll(specialRegistry("iana-ipv6-special-registry.xml", "IANA IPv6 Special-Purpose Address Registry"));
        special.sort(Comparator.comparingInt(Block::prefixLength).reversed());
        List<Block> space = new ArrayList<>();
        space.addAll(ipv4Reserved());
        space.addAll(ipv6NotGlobalUnicast());
        SPECIAL = List.copyOf(special);
        SPACE = List.copyOf(space);
    }

    private SpecialAddresses() {
    }

    /** The block {@code address} lies in, or empty when it is an ordinary global unicast address. */
    public static Optional<Block> blockOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block block : SPECIAL) {
            if (block.contains(bytes)) {
                return Optional.of(block);
            }
        }
        for (Block block : SPACE) {
            if (block.contains(bytes)) {
                return Optional.of(block);
            }
        }
        return Optional.empty();
    }

    /** Every block of the special-purpose registries, most specific first (for tests: one canary per block). */
    public static List<Block> specialPurposeBlocks() {
        return SPECIAL;
    }

    /** Every block of the address-space registries that is refused (reserved, multicast, not global unicast). */
    public static List<Block> addressSpaceBlocks() {
        return SPACE;
    }

    private static List<Block> specialRegistry(String file, String registry) {
        List<Block> blocks = new ArrayList<>();
        for (Element record : records(file)) {
            String name = text(record, "name");
            // "192.0.0.170/32, 192.0.0.171/32" is one record; a footnote reference is an empty child element.
            for (String cidr : text(record, "address").split(",")) {
                blocks.add(block(cidr.trim(), name, registry));
            }
        }
        return blocks;
    }

    private static List<Block> ipv4Reserved() {
        List<Block> blocks = new ArrayList<>();
        for (Element record : records("ipv4-address-space.xml")) {
            if ("RESERVED".equals(text(record, "status"))) {
                // Written "224/8", with leading zeros ("010/8").
                String[] prefix = text(record, "prefix").split("/");
                int first = Integer.parseInt(prefix[0]);
                blocks.add(new Block(new byte[]{(byte) first, 0, 0, 0}, Integer.parseInt(prefix[1]),
                        first + ".0.0.0/" + prefix[1], text(record, "designation"), "IANA IPv4 Address Space Registry"));
            }
        }
        return blocks;
    }

    private static List<Block> ipv6NotGlobalUnicast() {
        List<Block> blocks = new ArrayList<>();
        for (Element record : records("ipv6-address-space.xml")) {
            String description = text(record, "description");
            if (!"Global Unicast".equals(description)) {
                blocks.add(block(text(record, "prefix"), description, "IANA IPv6 Address Space Registry"));
            }
        }
        return blocks;
    }

    private static Block block(String cidr, String name, String registry) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalStateException(registry + ": not a block: " + cidr);
        }
        String network = cidr.substring(0, slash);
        try {
            // Only literals reach here (the registries' own text), so no name is ever looked up.
            InetAddress address = InetAddress.getByName(network.contains(":") ? "[" + network + "]" : network);
            byte[] bytes = address.getAddress();
            if (network.contains(":") && address instanceof Inet4Address) {
                // ::ffff:0:0 is read by Java as an IPv4 address: keep the block as the 16 bytes it was written as.
                bytes = ipv6Bytes(network);
            }
            return new Block(bytes, Integer.parseInt(cidr.substring(slash + 1)), cidr, name, registry);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalStateException(registry + ": not a block: " + cidr, e);
        }
    }

    /** The 16 bytes of an IPv6 literal that Java would turn into an IPv4 address (the IPv4-mapped prefix). */
    private static byte[] ipv6Bytes(String literal) {
        String[] halves = literal.split("::", -1);
        List<Integer> head = groups(halves[0]);
        List<Integer> tail = halves.length > 1 ? groups(halves[1]) : List.of();
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            bytes[2 * i] = (byte) (head.get(i) >> 8);
            bytes[2 * i + 1] = head.get(i).byteValue();
        }
        for (int i = 0; i < tail.size(); i++) {
            int at = 8 - tail.size() + i;
            bytes[2 * at] = (byte) (tail.get(i) >> 8);
            bytes[2 * at + 1] = tail.get(i).byteValue();
        }
        return bytes;
    }

    private static List<Integer> groups(String part) {
        List<Integer> groups = new ArrayList<>();
        if (!part.isEmpty()) {
            for (String group : part.split(":")) {
                groups.add(Integer.parseInt(group, 16));
            }
        }
        return groups;
    }

    private static List<Element> records(String file) {
        try (InputStream in = SpecialAddresses.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("missing IANA registry " + FOLDER + file);
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            Document document = builder.parse(in);
            NodeList nodes = document.getElementsByTagNameNS(NS, "record");
            List<Element> records = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                records.add((Element) nodes.item(i));
            }
            if (records.isEmpty()) {
                throw new IllegalStateException("no record in IANA registry " + file);
            }
            return records;
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read IANA registry " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(Element record, String child) {
        NodeList nodes = record.getElementsByTagNameNS(NS, child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim().replaceAll("\\s+", " ");
    }
}
