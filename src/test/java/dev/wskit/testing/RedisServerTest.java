package dev.wskit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RedisServerTest {

    @Test
    void answersOnItsPortWithoutPersistenceAndRestartsEmptyOnTheSamePort() {
        try (RedisServer redis = RedisServer.start()) {
            assertEquals("PONG", redis.command("PING"));
            assertEquals("", ((java.util.List<?>) redis.command("CONFIG", "GET", "save")).get(1));
            assertEquals("no", ((java.util.List<?>) redis.command("CONFIG", "GET", "appendonly")).get(1));
            assertTrue(redis.log().startsWith(Path.of("target").toAbsolutePath()), redis.log().toString());
            redis.command("SET", "k", "v");
            long pid = redis.pid();
            int port = redis.port();

            redis.stop();
            assertFalse(redis.isRunning());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still alive");
            assertThrows(UncheckedIOException.class, () -> redis.command("PING"));

            redis.restart();
            assertEquals(port, redis.port());
            assertEquals("PONG", redis.command("PING"));
            assertNull(redis.command("GET", "k"), "data survived the restart");
        }
    }

    @Test
    void missingBinarySkipsLocallyAndFailsOnCi() {
        Path nowhere = Path.of("target", "no-such-redis-server");
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> RedisServer.requireBinary(nowhere, "true"));
        assertTrue(failed.getMessage().contains("redis-server not found at " + nowhere), failed.getMessage());
        assertTrue(failed.getMessage().contains("CI=true"), failed.getMessage());
        TestAbortedException skipped = assertThrows(TestAbortedException.class, () -> RedisServer.requireBinary(nowhere, null));
        assertTrue(skipped.getMessage().contains("install the Debian package redis-server"), skipped.getMessage());
    }
}
