package dev.wskit.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static InetAddress ip(String s) {
        return Addresses.parse(s);
    }

    private static String client(TrustedProxies p, String peer, String... xff) {
        return Addresses.show(p.clientOf(ip(peer), List.of(xff)));
    }

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() {
        assertEquals("203.0.113.9", client(new TrustedProxies(""), "203.0.113.9", "1.2.3.4"));
        assertEquals("203.0.113.9", client(new TrustedProxies("10.0.0.0/8"), "203.0.113.9", "1.2.3.4"));
    }

    @Test
    void believesATrustedProxyAndWalksPastTrustedHopsOnly() {
        TrustedProxies p = new TrustedProxies("127.0.0.1, 10.0.0.0/8");
        assertEquals("198.51.100.7", client(p, "127.0.0.1", "198.51.100.7"));
        // A client's own X-Forwarded-For comes first; the rightmost untrusted hop is the one the proxy saw.
        assertEquals("198.51.100.7", client(p, "127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3"));
        assertEquals("198.51.100.7", client(p, "127.0.0.1", "6.6.6.6", "198.51.100.7, 10.1.2.3"));
        assertEquals("10.9.9.9", client(p, "127.0.0.1", "10.9.9.9, 10.0.0.1")); // every hop trusted: the first
        assertEquals("127.0.0.1", client(p, "127.0.0.1"));
    }

    @Test
    void stopsAtAHopThatIsNotAnAddress() {
        TrustedProxies p = new TrustedProxies("127.0.0.1,10.0.0.0/8");
        assertEquals("10.0.0.2", client(p, "127.0.0.1", "198.51.100.7, unknown, 10.0.0.2"));
        assertEquals("127.0.0.1", client(p, "127.0.0.1", "evil.example.com"));
    }

    @Test
    void readsPortsBracketsAndIpv6() {
        TrustedProxies p = new TrustedProxies("::1, 127.0.0.0/8");
        assertEquals("2001:db8:0:0:0:0:0:1", client(p, "[::1]", "[2001:db8::1]:4711"));
        assertEquals("192.0.2.1", client(p, "127.0.0.2", "192.0.2.1:5555"));
        assertEquals("192.0.2.1", client(p, "127.0.0.2", "::ffff:192.0.2.1"));
    }

    @Test
    void parsesCidrBlocksAtTheirBoundaries() {
        TrustedProxies.Cidr c = TrustedProxies.Cidr.parse("192.168.4.0/22");
        assertTrue(c.contains(ip("192.168.7.255")));
        assertFalse(c.contains(ip("192.168.8.0")));
        assertFalse(c.contains(ip("192.168.3.255")));
        assertTrue(TrustedProxies.Cidr.parse("0.0.0.0/0").contains(ip("8.8.8.8")));
        assertFalse(TrustedProxies.Cidr.parse("0.0.0.0/0").contains(ip("::1")));
        assertTrue(TrustedProxies.Cidr.parse("fd00::/8").contains(ip("fdab::1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrustedProxies("10.0.0.0/33"));
        assertTrue(e.getMessage().startsWith("wskit.edge.trustedProxies: '10.0.0.0/33'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrustedProxies("proxy.example.com"));
    }

    @Test
    void neverLooksNamesUp() {
        assertNull(Addresses.parse("localhost"));
        assertNull(Addresses.parse("1.2.3"));
        assertNull(Addresses.parse("256.1.1.1"));
        assertNull(Addresses.parse("1:2"));
        assertEquals("2001:db8:1:2::/64", Addresses.limitKey(ip("2001:db8:1:2:aaaa::1")));
        assertEquals("2001:db8:1:2::/64", Addresses.limitKey(ip("2001:db8:1:2:bbbb::9")));
        assertEquals("192.0.2.1", Addresses.limitKey(ip("192.0.2.1")));
    }
}
