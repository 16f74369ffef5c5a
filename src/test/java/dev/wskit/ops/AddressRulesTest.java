package dev.wskit.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressRulesTest {

    private static final String KEY = "wskit.ops.allowedAddresses";

    @Test
    void defaultAllowsLoopbackOnly() {
        AddressRules rules = AddressRules.parse("127.0.0.0/8,::1", KEY);
        assertTrue(rules.allows("127.0.0.1"));
        assertTrue(rules.allows("127.255.3.4"));
        assertTrue(rules.allows("::1"));
        assertTrue(rules.allows("[::1]"), "Jetty writes IPv6 remote addresses in brackets");
        assertTrue(rules.allows("0:0:0:0:0:0:0:1"));
        assertFalse(rules.allows("128.0.0.1"));
        assertFalse(rules.allows("10.1.2.3"));
        assertFalse(rules.allows("::2"));
        assertFalse(rules.allows(null));
        assertFalse(rules.allows("localhost"), "names are never looked up");
    }

    @Test
    void prefixLengthsAreHonouredToTheBit() {
        AddressRules rules = AddressRules.parse(" 10.0.0.0/8 , 172.16.0.0/12, fd00::/8, 192.168.1.7 ", KEY);
        assertTrue(rules.allows("10.200.1.1"));
        assertTrue(rules.allows("172.31.255.255"));
        assertFalse(rules.allows("172.32.0.0"), "one past a /12");
        assertFalse(rules.allows("172.15.255.255"));
        assertTrue(rules.allows("fdab::1"));
        assertFalse(rules.allows("fe80::1"));
        assertTrue(rules.allows("192.168.1.7"));
        assertFalse(rules.allows("192.168.1.8"), "a single address is a /32");
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4AddressItMaps() {
        assertTrue(AddressRules.parse("127.0.0.0/8", KEY).allows("::ffff:127.0.0.1"));
    }

    @Test
    void zeroPrefixAllowsEveryAddressOfItsFamilyAndAnEmptyListNobody() {
        AddressRules all = AddressRules.parse("0.0.0.0/0,::/0", KEY);
        assertTrue(all.allows("8.8.8.8"));
        assertTrue(all.allows("2001:db8::1"));
        assertFalse(AddressRules.parse("", KEY).allows("127.0.0.1"));
        assertFalse(AddressRules.parse("0.0.0.0/0", KEY).allows("::1"));
    }

    @Test
    void badEntriesAreRefusedNamingTheSettingAndTheEntry() {
        for (String bad : new String[] {"localhost", "999.1.1.1", "1.2.3", "10.0.0.0/33", "::1/129", "10.0.0.0/x",
                "1::2::3", "cafe"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AddressRules.parse("127.0.0.1," + bad, KEY), bad);
            assertTrue(e.getMessage().startsWith(KEY + ": '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void prefixLengthLimitPlusOneIsRefused() {
        assertTrue(AddressRules.parse("10.0.0.1/32", KEY).allows("10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> AddressRules.parse("10.0.0.1/33", KEY));
        assertTrue(AddressRules.parse("::1/128", KEY).allows("::1"));
        assertThrows(IllegalArgumentException.class, () -> AddressRules.parse("::1/129", KEY));
        assertEquals("10.0.0.1/32", AddressRules.parse(" 10.0.0.1/32 ", KEY).toString());
    }
}
