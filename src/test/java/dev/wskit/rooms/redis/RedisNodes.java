package dev.wskit.rooms.redis;

import dev.wskit.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link RedisNode}s on a test's Redis and closes them all; the test's node options: short leases so expiry
 * tests are quick. Not thread-safe: use it from the test thread.
 */
final class RedisNodes implements AutoCloseable {

    static final Duration LEASE = Duration.ofMillis(3000);
    static final Duration RENEW = Duration.ofMillis(300);

    private final List<RedisNode> nodes = new ArrayList<>();

    static RedisOptions options() {
        return RedisOptions.defaults().withLease(LEASE, RENEW).withCommandTimeout(Duration.ofSeconds(2));
    }

    RedisNode start(RedisServer redis) {
        return start(redis, options());
    }

    RedisNode start(RedisServer redis, RedisOptions options) {
        RedisNode node = RedisNode.start(RedisAddress.parse(redis.uri()), options);
        nodes.add(node);
        return node;
    }

    @Override
    public void close() {
        for (RedisNode n : nodes) {
            n.close();
        }
        nodes.clear();
    }
}
