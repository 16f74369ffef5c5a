package dev.wskit.rooms.redis;

import dev.wskit.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Redis per test class and the {@link RedisNode}s a test starts on it: register with
 * {@code @RegisterExtension static final RedisNodes nodes = new RedisNodes();}. After each test every node is
 * closed and Redis is brought back to empty (running, no password, no keys). The test's node options have short
 * leases, so expiry tests are quick.
 *
 * <p>Not thread-safe: start nodes from the test thread.
 */
final class RedisNodes implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    static final Duration LEASE = Duration.ofMillis(3000);
    static final Duration RENEW = Duration.ofMillis(300);

    private final List<RedisNode> nodes = new ArrayList<>();
    private RedisServer redis;

    static RedisOptions options() {
        return RedisOptions.defaults().withLease(LEASE, RENEW).withCommandTimeout(Duration.ofSeconds(2));
    }

    RedisServer redis() {
        return redis;
    }

    RedisNode start() {
        return start(options());
    }

    RedisNode start(RedisOptions options) {
        RedisNode node = RedisNode.start(RedisAddress.parse(redis.uri()), options);
        nodes.add(node);
        return node;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RedisServer.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            for (RedisNode n : nodes) {
                n.close();
            }
        } finally {
            nodes.clear();
            if (!redis.isRunning()) {
                redis.restart();
            }
            redis.requirePassword(null);
            redis.command("FLUSHALL");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (redis != null) {
            redis.close();
        }
    }
}
