package dev.wskit.rooms.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Redis backplane's settings: defaults, bounds (limit and limit+1), and how they combine. */
class RedisSettingsTest {

    @Test
    void defaultsAreLocalAndFifteenSecondLeasesRenewedEveryFive() {
        Settings s = Settings.defaults();
        assertEquals("local", s.text(Setting.BACKPLANE));
        RedisOptions o = RedisOptions.from(s);
        assertEquals(Duration.ofSeconds(15), o.leaseTime());
        assertEquals(Duration.ofSeconds(5), o.renewInterval());
        assertEquals(Duration.ofSeconds(2), o.commandTimeout());
        assertEquals(1000, o.maxMembers());
        assertEquals(100, o.historySize());
        assertEquals("WSKIT_BACKPLANE", Setting.BACKPLANE.envName());
        assertEquals("WSKIT_REDIS_LEASE_RENEW_INTERVAL", Setting.REDIS_LEASE_RENEW_INTERVAL.envName());
    }

    @Test
    void eachNumberIsBoundedAtItsLimitPlusOne() {
        for (Setting s : new Setting[] {Setting.REDIS_LEASE_TIME, Setting.REDIS_LEASE_RENEW_INTERVAL,
            Setting.REDIS_COMMAND_TIMEOUT}) {
            assertEquals(s.max(), Settings.resolve(Map.of(s.key(), Long.toString(s.max()))::get).get(s));
            assertEquals(s.min(), Settings.resolve(Map.of(s.key(), Long.toString(s.min()))::get).get(s));
            IllegalArgumentException over = assertThrows(IllegalArgumentException.class,
                    () -> Settings.resolve(Map.of(s.key(), Long.toString(s.max() + 1))::get));
            assertTrue(over.getMessage().contains(s.key() + " must be between"), over.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Settings.resolve(Map.of(s.key(), Long.toString(s.min() - 1))::get));
        }
    }

    @Test
    void theRenewIntervalMustBeShorterThanTheLease() {
        Settings s = Settings.resolve(Map.of("wskit.redis.leaseTime", "5000", "wskit.redis.leaseRenewInterval", "5000")::get);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisOptions.from(s));
        assertEquals("wskit.redis.leaseRenewInterval (5000 ms) must be less than wskit.redis.leaseTime (5000 ms)",
                e.getMessage());
        Settings ok = Settings.resolve(Map.of("wskit.redis.leaseTime", "5000", "wskit.redis.leaseRenewInterval", "4999")::get);
        assertEquals(Duration.ofMillis(4999), RedisOptions.from(ok).renewInterval());
    }

    @Test
    void theSettingsLineLoggedAtStartNeverShowsTheRedisPassword() {
        Settings s = Settings.resolve(Map.of("wskit.backplane", "rediss://app:hunter2@cache:6390/1")::get);
        assertTrue(s.toString().contains("BACKPLANE=rediss://app:***@cache:6390/1"), s.toString());
        Settings noUser = Settings.resolve(Map.of("wskit.backplane", "redis://:hunter2@cache")::get);
        assertTrue(noUser.toString().contains("BACKPLANE=redis://:***@cache"), noUser.toString());
        Settings userOnly = Settings.resolve(Map.of("wskit.backplane", "redis://hunter2@cache")::get);
        assertTrue(userOnly.toString().contains("BACKPLANE=redis://***@cache"), userOnly.toString());
        assertTrue(Settings.defaults().toString().contains("BACKPLANE=local"));
    }

    @Test
    void theBackplaneSettingIsParsedWithAClearMessage() {
        Settings s = Settings.resolve(Map.of("wskit.backplane", " redis://u:pw@cache:6390/2 ")::get);
        assertEquals("redis://u:***@cache:6390/2", RedisAddress.fromSetting(s.text(Setting.BACKPLANE)).orElseThrow().toString());
        Settings bad = Settings.resolve(Map.of("wskit.backplane", "memcached://x")::get);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisAddress.fromSetting(bad.text(Setting.BACKPLANE)));
        assertTrue(e.getMessage().startsWith("wskit.backplane must be"), e.getMessage());
    }
}
