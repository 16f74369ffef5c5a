package dev.wskit.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.PrometheusText;
import dev.wskit.testing.RawWebSocket;
import dev.wskit.testing.TokenMint;
import dev.wskit.testing.WskitServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Operations with the edge in front (sign-in, per-address limits, trusted proxies) on embedded Jetty: every refused
 * handshake counted exactly under its reason, the edge's and the gate's; the connection log naming the client a
 * trusted proxy forwarded, and only a trusted one. Each client address is a 127/8 address of its own, so the
 * per-address limits of one case do not touch another.
 */
class EdgeOpsOnEmbeddedJettyTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static long rejected(PrometheusText m, String reason) {
        return m.count("wskit_handshakes_rejected_total{reason=\"" + reason + "\"}");
    }

    @Test
    void everyRefusedHandshakeIsCountedUnderItsReason() throws Exception {
        try (WskitServer server = WskitServer.start(Map.of("wskit.auth.hs256Secret", TokenMint.SECRET,
                "wskit.edge.maxConnectionsPerAddress", "1", "wskit.edge.maxHandshakesPerSecond", "1",
                "wskit.edge.handshakeBurst", "3"))) {
            String bearer = "Bearer " + TokenMint.hs256("alice");
            List<Integer> statuses = new ArrayList<>();
            // the gate's RFC 6455 checks, before the edge: 426 for a version other than 13, 400 without a key
            try (RawWebSocket v8 = RawWebSocket.handshake(server.ws("/echo"),
                    List.of("Sec-WebSocket-Version: 8", "Sec-WebSocket-Key: " + KEY), 4096);
                 RawWebSocket keyless = RawWebSocket.handshake(server.ws("/echo"),
                         List.of("Sec-WebSocket-Version: 13"), 4096)) {
                statuses.add(v8.status());
                statuses.add(keyless.status());
            }
            // the edge: a room without a token (401), and with a token that is not valid (401)
            try (RawWebSocket none = RawWebSocket.connect(server.ws("/rooms/m"), Map.of(), "127.0.0.4");
                 RawWebSocket forged = RawWebSocket.connect(server.ws("/rooms/m"),
                         Map.of("Authorization", "Bearer " + TokenMint.hs256("alice") + "x"), "127.0.0.4")) {
                statuses.add(none.status());
                statuses.add(forged.status());
            }
            // the edge: one connection per address; the second gets 429
            try (RawWebSocket first = RawWebSocket.connect(server.ws("/echo"), Map.of(), "127.0.0.2");
                 RawWebSocket second = RawWebSocket.connect(server.ws("/echo"), Map.of(), "127.0.0.2")) {
                statuses.add(first.status());
                statuses.add(second.status());
                assertTrue(second.body().contains("too many connections"), second.body());
            }
            // the route's own rule after the edge: a foreign origin, signed in (403)
            try (RawWebSocket origin = RawWebSocket.connect(server.ws("/rooms/m"),
                    Map.of("Authorization", bearer, "Origin", "http://evil.example"), "127.0.0.5")) {
                statuses.add(origin.status());
            }
            assertEquals(List.of(426, 400, 401, 401, 101, 429, 403), statuses);
            // the edge's handshake rate: a burst of 3, then 1 a second; bad knobs pass the edge (and take a
            // handshake each) and are refused by the echo's rule, until the rate refuses one. A slow machine may
            // earn a handshake back in between: counted as it goes, not assumed.
            int knobs = 0;
            int status;
            do {
                try (RawWebSocket knob = RawWebSocket.connect(server.ws("/echo?delay=soon"), Map.of(), "127.0.0.3")) {
                    status = knob.status();
                }
                if (status == 400) {
                    knobs++;
                }
            } while (status == 400 && knobs < 50);
            assertEquals(429, status);
            assertTrue(knobs >= 3, "the burst passes first: " + knobs);

            PrometheusText m = PrometheusText.scrape(server.http("/metrics"));
            assertEquals(1, rejected(m, "version"));
            assertEquals(1, rejected(m, "key"));
            assertEquals(2, rejected(m, "auth"));
            assertEquals(1, rejected(m, "connections"));
            assertEquals(1, rejected(m, "origin"));
            assertEquals(knobs, rejected(m, "knob"));
            assertEquals(1, rejected(m, "rate"));
            assertEquals(0, rejected(m, "draining"));
            assertEquals(1, m.count("wskit_connections_total{endpoint=\"echo\"}"), "only the one let through opened");
        }
    }

    @Test
    void theConnectionLogNamesTheClientOnlyATrustedProxyForwarded() throws Exception {
        try (ConnectionLogLines log = new ConnectionLogLines();
             WskitServer server = WskitServer.start(Map.of("wskit.edge.trustedProxies", "127.0.0.1"))) {
            // from 127.0.0.1, the trusted proxy: the client is the address it forwarded (the rightmost untrusted hop)
            echoAndClose(RawWebSocket.connect(server.ws("/echo"),
                    Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.7"), "127.0.0.1"));
            await().atMost(Duration.ofSeconds(20)).until(() -> log.lines().size() >= 1);
            // from 127.0.0.2, not trusted: its header is anyone's to write, so it is not believed
            echoAndClose(RawWebSocket.connect(server.ws("/echo"), Map.of("X-Forwarded-For", "203.0.113.8"),
                    "127.0.0.2"));
            await().atMost(Duration.ofSeconds(20)).until(() -> log.lines().size() >= 2);

            List<String> lines = log.lines();
            assertTrue(lines.get(0).matches("INFO \\S+ \\| connection \\| endpoint=echo remote=127\\.0\\.0\\.1"
                    + " forwarded=203\\.0\\.113\\.7 path=\"/echo\" subprotocol=- duration_ms=\\d+ received=1"
                    + " received_bytes=2 sent=1 sent_bytes=2 close=1000 by=client reason=\"\""), lines.get(0));
            assertTrue(lines.get(1).matches("INFO \\S+ \\| connection \\| endpoint=echo remote=127\\.0\\.0\\.2"
                    + " forwarded=- path=\"/echo\" .*"), lines.get(1));
            assertEquals(2, lines.size(), String.join("\n", lines));
        }
    }

    /** Echoes "hi", then closes with 1000 and waits for the server's close frame. */
    private static void echoAndClose(RawWebSocket ws) throws Exception {
        try (ws) {
            assertEquals(101, ws.status(), ws.body());
            ws.sendText("hi");
            assertEquals("hi", ws.readMessage().text());
            ws.sendFrame(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8});
            assertEquals(1000, ws.readUntilClose().closeCode());
        }
    }
}
