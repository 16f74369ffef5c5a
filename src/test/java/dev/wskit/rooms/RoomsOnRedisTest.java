package dev.wskit.rooms;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.RedisServer;
import dev.wskit.testing.WskitServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The rooms contract on one node of the Redis backplane: the exploded WAR in embedded Jetty with
 * {@code wskit.backplane} pointing at a real Redis this class starts (and stops), one server per distinct set of
 * settings, all on that Redis. Every promise of the protocol must hold word for word as on the local backplane.
 */
class RoomsOnRedisTest extends RoomsContract {

    private static final Map<Map<String, String>, WskitServer> SERVERS = new HashMap<>();
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @Override
    protected Deployment server(Map<String, String> settings) {
        return SERVERS.computeIfAbsent(settings, s -> {
            Map<String, String> onRedis = new HashMap<>(s);
            onRedis.put("wskit.backplane", redis.uri());
            return WskitServer.start(onRedis);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (WskitServer s : SERVERS.values()) {
                s.close();
            }
        } finally {
            SERVERS.clear();
            if (redis != null) {
                redis.close();
            }
        }
    }
}
