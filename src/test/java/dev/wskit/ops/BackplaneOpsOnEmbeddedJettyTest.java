package dev.wskit.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.PrometheusText;
import dev.wskit.testing.RedisServer;
import dev.wskit.testing.WskitServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Operations over the Redis backplane, on embedded Jetty with a real Redis ({@link RedisServer}): {@code /health/ready}
 * turns 503 with the {@code backplane} check down while Redis is unreachable and 200 once it is back (with the local
 * backplane the check is up from the start); resumes are counted as on the local backplane.
 */
class BackplaneOpsOnEmbeddedJettyTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static HttpResponse<String> ready(WskitServer server) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.http("/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessIsDownNamingTheBackplaneWhileRedisIsUnreachable() throws Exception {
        try (RedisServer redis = RedisServer.start();
             WskitServer server = WskitServer.start(Map.of("wskit.backplane", redis.uri()))) {
            HttpResponse<String> up = ready(server);
            assertEquals(200, up.statusCode(), up.body());
            assertTrue(up.body().contains("\"backplane\":{\"status\":\"up\""), up.body());

            redis.stop();
            await().atMost(WAIT).until(() -> ready(server).statusCode() == 503);
            HttpResponse<String> down = ready(server);
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.body().startsWith("{\"status\":\"down\""), down.body());
            assertTrue(down.body().contains("\"backplane\":{\"status\":\"down\""), down.body());
            assertTrue(down.body().contains("\"drain\":{\"status\":\"up\""), "only the backplane is down: " + down.body());

            redis.restart();
            await().atMost(WAIT).until(() -> ready(server).statusCode() == 200);
            assertTrue(ready(server).body().contains("\"backplane\":{\"status\":\"up\""));
        }
    }

    @Test
    void resumesOnRedisAreCountedCompleteOrWithAGap() throws Exception {
        try (RedisServer redis = RedisServer.start();
             WskitServer server = WskitServer.start(Map.of("wskit.backplane", redis.uri()))) {
            Counted alice = Counted.joined(server.ws("/rooms/r"), "alice");
            alice.text("{\"type\":\"say\",\"text\":\"hi\"}");
            alice.textContaining("\"text\":\"hi\"");
            Counted carol = new Counted(server.ws("/rooms/r"));
            carol.text("{\"type\":\"join\",\"nick\":\"carol\",\"since\":0}");
            carol.textContaining("\"event\":\"here\"");
            Counted dave = new Counted(server.ws("/rooms/r"));
            dave.text("{\"type\":\"join\",\"nick\":\"dave\",\"since\":1000}");
            dave.textContaining("\"event\":\"here\"");
            PrometheusText m = PrometheusText.scrape(server.http("/metrics"));
            assertEquals(1, m.count("wskit_resumes_total{result=\"complete\"}"), m.text());
            assertEquals(1, m.count("wskit_resumes_total{result=\"gap\"}"), m.text());
            for (Counted c : java.util.List.of(dave, carol, alice)) {
                c.close(jakarta.websocket.CloseReason.CloseCodes.NORMAL_CLOSURE, "");
            }
        }
    }

    @Test
    void theLocalBackplaneIsAlwaysUp() throws Exception {
        try (WskitServer server = WskitServer.start()) {
            HttpResponse<String> r = ready(server);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"backplane\":{\"status\":\"up\",\"detail\":\"local"), r.body());
        }
    }
}
