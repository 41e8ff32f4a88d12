package chokepoint.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hosts read as the WHATWG URL Standard's host parser reads them (the forms curl and browsers accept). */
class HostsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "0x7f000001, 127.0.0.1",
            "0X7F000001, 127.0.0.1",
            "017700000001, 127.0.0.1",
            "2130706433, 127.0.0.1",
            "127.1, 127.0.0.1",
            "127.0.1, 127.0.0.1",
            "0x7f.1, 127.0.0.1",
            "0x7f.0.0.01, 127.0.0.1",
            "0177.0.0.1, 127.0.0.1",
            "0177.0x0.0.1, 127.0.0.1",
            "127.0.0.1., 127.0.0.1",
            "%31%32%37.0.0.1, 127.0.0.1",
            "0xa9fea9fe, 169.254.169.254",
            "0300.0250.0.1, 192.168.0.1",
            "3325256705, 198.51.100.1",
            "4294967295, 255.255.255.255",
            "0x, 0.0.0.0",
            "0, 0.0.0.0",
            "１２７．０．０．１, 127.0.0.1",
            "127。0。0。1, 127.0.0.1",
            "bücher.example, xn--bcher-kva.example",
            "Example.COM., Example.COM.",
            "hooks.slack.com, hooks.slack.com",
            "foo.0x7g, foo.0x7g",
            "[::1], [::1]",
            "[::ffff:127.0.0.1], [::ffff:127.0.0.1]",
    })
    void writtenFormsAreReadAsTheAddressTheyAre(String written, String canonical) throws Exception {
        assertEquals(canonical, Hosts.canonical(written));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo.09", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "1.2.65536", "4294967296",
            "0x100000000", "1.2.3.08", "example.0x", "[fe80::1%25eth0]", "[fe80::1%eth0]", "[::1", "[not:an:address]",
            "a%2fb.example", "a%zz.example", "a b.example"})
    void whatNoBrowserReadsAsAHostIsRefused(String written) {
        FetchRefused refused = assertThrows(FetchRefused.class, () -> Hosts.canonical(written));
        assertTrue(refused.isPermanent(), refused.getMessage());
    }

    @Test
    void urlsCarryTheCanonicalHostAndKeepTheRest() throws Exception {
        assertEquals("http://127.0.0.1:8080/hook?x=1#f", Urls.parse("http://0x7f000001:8080/hook?x=1#f").toString());
        assertEquals("http://user@127.0.0.1/", Urls.parse("http://user@127.1/").toString());
        assertEquals("https://xn--bcher-kva.example/a%20b", Urls.parse("https://bücher.example/a b").toString());
        assertEquals("127.0.0.1", Urls.parse("http://017700000001/").getHost());
        assertEquals("https://www.mofcom.gov.cn/a", Urls.parse("https://www.mofcom.gov.cn/a").toString());
    }

    @Test
    void anIpv6ZoneIdIsNoUrl() {
        assertThrows(FetchRefused.class, () -> Urls.parse("http://[fe80::1%25eth0]:8080/"));
    }
}
