package dev.wskit.rooms.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisAddressTest {

    @Test
    void localAndBlankMeanNoRedis() {
        assertEquals(Optional.empty(), RedisAddress.fromSetting("local"));
        assertEquals(Optional.empty(), RedisAddress.fromSetting(" LOCAL "));
        assertEquals(Optional.empty(), RedisAddress.fromSetting(""));
        assertEquals(Optional.empty(), RedisAddress.fromSetting(null));
    }

    @Test
    void parsesHostPortDatabaseUserPasswordAndTls() {
        RedisAddress a = RedisAddress.parse("redis://app:s%40cr%3At%2F@redis-1.internal:6380/3");
        assertFalse(a.tls());
        assertEquals("redis-1.internal", a.host());
        assertEquals(6380, a.port());
        assertEquals(3, a.database());
        assertEquals("app", a.user());
        assertTrue(a.hasPassword());
        RedisURI uri = a.toRedisUri(Duration.ofSeconds(2), "wskit-x");
        assertEquals("s@cr:t/", new String(uri.getCredentialsProvider().resolveCredentials().block().getPassword()));
        assertEquals("app", uri.getCredentialsProvider().resolveCredentials().block().getUsername());
        assertEquals(Duration.ofSeconds(2), uri.getTimeout());
        assertFalse(uri.toString().contains("cr:t"), "Lettuce's own log lines show the URI: " + uri);

        RedisAddress tls = RedisAddress.parse("rediss://:pw@[::1]");
        assertTrue(tls.tls());
        assertEquals("::1", tls.host());
        assertEquals(6379, tls.port());
        assertNull(tls.user());
        assertTrue(tls.toRedisUri(Duration.ofSeconds(1), "n").isSsl());

        RedisAddress plain = RedisAddress.parse("REDIS://127.0.0.1:6379/");
        assertEquals(0, plain.database());
        assertFalse(plain.hasPassword());
        assertEquals("redis://127.0.0.1:6379/0", plain.toString());
        assertEquals(plain, RedisAddress.fromSetting("redis://127.0.0.1").orElseThrow());
    }

    @Test
    void neverShowsThePassword() {
        RedisAddress a = RedisAddress.parse("redis://app:hunter2@h:1/0");
        assertEquals("redis://app:***@h:1/0", a.toString());
        assertEquals("rediss://:***@[::1]:6379/0", RedisAddress.parse("rediss://:hunter2@[::1]").toString());
        for (String bad : new String[] {"redis://app:hunter2@", "redis://app:hunter2@h:99999", "redis:/app:hunter2@h",
            "http://app:hunter2@h", "redis://hunter2@h", "redis://app:hun/ter2@h", "redis://a:hunter2@h?x=1",
            "redis://a:hunter2%zz@h", "redis://a:hunter2@h/x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisAddress.parse(bad), bad);
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            assertTrue(e.getMessage().startsWith("wskit.backplane must be 'local' or redis://[user:password@]host[:port][/db]"),
                    e.getMessage());
        }
    }

    @Test
    void saysWhatIsWrong() {
        assertEquals("no scheme", why("127.0.0.1:6379"));
        assertEquals("the scheme must be redis or rediss, not 'http'", why("http://h"));
        assertEquals("the host is missing", why("redis://:6379"));
        assertEquals("the port must be 1 to 65535, not 0", why("redis://h:0"));
        assertEquals("the port must be 1 to 65535, not 65536", why("redis://h:65536"));
        assertEquals("the port must be a whole number, not 'x'", why("redis://h:x"));
        assertEquals("the database must be a whole number, not '-1'", why("redis://h/-1"));
        assertEquals("write user:password, or :password for the default user", why("redis://secret@h"));
        assertEquals("the password is empty", why("redis://u:@h"));
        assertEquals("query parameters and fragments are not supported", why("redis://h/0?timeout=1"));
        assertEquals("'bad_host!' is not a host name or address", why("redis://bad_host!:1"));
    }

    private static String why(String value) {
        String m = assertThrows(IllegalArgumentException.class, () -> RedisAddress.parse(value)).getMessage();
        return m.substring(m.indexOf("': ") + 3);
    }
}
