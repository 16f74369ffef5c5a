package dev.wskit.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.PrometheusText;
import dev.wskit.testing.RawWebSocket;
import dev.wskit.testing.WskitServer;
import jakarta.websocket.CloseReason.CloseCodes;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /metrics against wskit in embedded Jetty: after known traffic on every endpoint, every count is exact (the
 * clients count what they sent and received; the server must report the same), and who may read it.
 */
class MetricsOnEmbeddedJettyTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String key(String name, String labels) {
        return name + "{" + labels + "}";
    }

    private static void assertTraffic(PrometheusText m, String endpoint, long connections, Counted... clients) {
        long sent = 0, sentBytes = 0, received = 0, receivedBytes = 0;
        for (Counted c : clients) {
            sent += c.sent;
            sentBytes += c.sentBytes;
            received += c.received;
            receivedBytes += c.receivedBytes;
        }
        String e = "endpoint=\"" + endpoint + "\"";
        assertEquals(connections, m.count(key("wskit_connections_total", e)), endpoint + " connections");
        assertEquals(0, m.count(key("wskit_connections_active", e)), endpoint + " open");
        assertEquals(sent, m.count(key("wskit_messages_received_total", e)), endpoint + " messages the server received");
        assertEquals(sentBytes, m.count(key("wskit_messages_received_bytes_total", e)), endpoint + " bytes received");
        assertEquals(received, m.count(key("wskit_messages_sent_total", e)), endpoint + " messages the server sent");
        assertEquals(receivedBytes, m.count(key("wskit_messages_sent_bytes_total", e)), endpoint + " bytes sent");
    }

    @Test
    void countsAfterKnownTrafficAreExact() throws Exception {
        try (WskitServer server = WskitServer.start()) {
            // echo: three messages, text with a two-byte character and binary; closed by the client
            Counted echo = new Counted(server.ws("/echo"), List.of("chat"));
            echo.text("abc");
            echo.text("héllo");
            echo.binary(new byte[1000]);
            assertEquals("abc", echo.nextText());
            assertEquals("héllo", echo.nextText());
            assertEquals(1000, echo.nextBinary().length);
            echo.close(CloseCodes.NORMAL_CLOSURE, "done");
            // echo closed by the server through the knobs
            Counted knob = new Counted(server.ws("/echo?closeAfter=1&closeCode=4000&closeReason=enough"));
            knob.text("x");
            knob.nextText();
            assertEquals(4000, knob.closed().getCloseCode().getCode());
            // inspect: its greeting counts as sent
            Counted inspect = new Counted(server.ws("/inspect"));
            inspect.textContaining("\"type\":\"handshake\"");
            inspect.text("x");
            assertEquals("x", inspect.nextText());
            inspect.close(CloseCodes.getCloseCode(4001), "bye");

            // rooms: alice and bob; carol resumes completely, dave with a gap
            Counted alice = Counted.joined(server.ws("/rooms/m"), "alice");
            Counted bob = Counted.joined(server.ws("/rooms/m"), "bob");
            alice.text("{\"type\":\"say\",\"text\":\"hi\"}");
            bob.textContaining("\"text\":\"hi\"");
            PrometheusText during = PrometheusText.scrape(server.http("/metrics"));
            assertEquals(1, during.count(key("wskit_rooms_open", "endpoint=\"rooms\"")));
            assertEquals(2, during.count(key("wskit_room_members", "endpoint=\"rooms\"")));
            assertEquals(2, during.count(key("wskit_connections_active", "endpoint=\"rooms\"")));
            Counted carol = new Counted(server.ws("/rooms/m"));
            carol.text("{\"type\":\"join\",\"nick\":\"carol\",\"since\":0}");
            carol.textContaining("\"event\":\"here\"");
            Counted dave = new Counted(server.ws("/rooms/m"));
            dave.text("{\"type\":\"join\",\"nick\":\"dave\",\"since\":1000}");
            dave.textContaining("\"event\":\"here\"");
            for (Counted c : List.of(dave, carol, bob)) {
                c.close(CloseCodes.NORMAL_CLOSURE, "");
                alice.textContaining("\"event\":\"leave\"");
            }
            alice.close(CloseCodes.NORMAL_CLOSURE, "");

            // boards: the board first, one stroke out and back
            Counted painter = new Counted(server.ws("/boards/b"));
            assertEquals(5, painter.nextBinary().length, "the empty board: one clear record");
            ByteBuffer line = ByteBuffer.allocate(20).put((byte) 0x4C).putInt(0).putInt(0xff0000ff).put((byte) 3)
                    .putShort((short) 2).putShort((short) 1).putShort((short) 2).putShort((short) 3).putShort((short) 4);
            painter.binary(line.array());
            assertEquals(20, painter.nextBinary().length);
            painter.close(CloseCodes.NORMAL_CLOSURE, "");

            // three refusals before any upgrade
            try (RawWebSocket knobs = RawWebSocket.connect(server.ws("/echo?delay=soon"), Map.of());
                 RawWebSocket name = RawWebSocket.connect(server.ws("/rooms/bad%20name"), Map.of());
                 RawWebSocket origin = RawWebSocket.connect(server.ws("/rooms/m"), Map.of("Origin", "http://evil.example"))) {
                assertEquals(List.of(400, 400, 403), List.of(knobs.status(), name.status(), origin.status()));
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> PrometheusText.scrape(server.http("/metrics"))
                    .count(key("wskit_connections_active", "endpoint=\"rooms\"")) == 0);
            PrometheusText m = PrometheusText.scrape(server.http("/metrics"));
            assertTraffic(m, "echo", 2, echo, knob);
            assertTraffic(m, "inspect", 1, inspect);
            assertTraffic(m, "rooms", 4, alice, bob, carol, dave);
            assertTraffic(m, "boards", 1, painter);
            assertEquals(0, m.count(key("wskit_rooms_open", "endpoint=\"rooms\"")));
            assertEquals(0, m.count(key("wskit_room_members", "endpoint=\"rooms\"")));

            assertEquals(1, m.count(key("wskit_closes_total", "by=\"client\",code=\"1000\",endpoint=\"echo\"")));
            assertEquals(1, m.count(key("wskit_closes_total", "by=\"server\",code=\"4xxx\",endpoint=\"echo\"")));
            assertEquals(1, m.count(key("wskit_closes_total", "by=\"client\",code=\"4xxx\",endpoint=\"inspect\"")));
            assertEquals(4, m.count(key("wskit_closes_total", "by=\"client\",code=\"1000\",endpoint=\"rooms\"")));
            assertEquals(1, m.count(key("wskit_closes_total", "by=\"client\",code=\"1000\",endpoint=\"boards\"")));
            assertEquals(1, m.count(key("wskit_resumes_total", "result=\"complete\"")));
            assertEquals(1, m.count(key("wskit_resumes_total", "result=\"gap\"")));
            assertEquals(1, m.count(key("wskit_handshakes_rejected_total", "reason=\"knob\"")));
            assertEquals(1, m.count(key("wskit_handshakes_rejected_total", "reason=\"name\"")));
            assertEquals(1, m.count(key("wskit_handshakes_rejected_total", "reason=\"origin\"")));
            assertEquals(0, m.count(key("wskit_outbox_overflows_total", "endpoint=\"rooms\"")));
            assertTrue(m.value("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}") > 0
                    || m.text().contains("jvm_memory_used_bytes{area=\"heap\""), "JVM memory is bound");
            assertTrue(m.text().contains("jvm_threads_live_threads "), "JVM threads are bound");
        }
    }

    @Test
    void metricsAnswerOnlyAllowedAddressesAndDirectRequests() throws Exception {
        try (WskitServer open = WskitServer.start(); WskitServer closed = WskitServer.start(
                Map.of("wskit.ops.allowedAddresses", "10.0.0.0/8, 192.168.0.0/16"))) {
            HttpResponse<String> ok = get(open, "/metrics", Map.of());
            assertEquals(200, ok.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    ok.headers().firstValue("Content-Type").orElseThrow().toLowerCase().replace(";charset", "; charset"));

            HttpResponse<String> refused = get(closed, "/metrics", Map.of());
            assertEquals(403, refused.statusCode());
            assertEquals("/metrics answers wskit.ops.allowedAddresses (10.0.0.0/8, 192.168.0.0/16) only, not 127.0.0.1.\n",
                    refused.body());

            HttpResponse<String> proxied = get(open, "/metrics", Map.of("X-Forwarded-For", "127.0.0.1"));
            assertEquals(403, proxied.statusCode());
            assertTrue(proxied.body().contains("came through a proxy"), proxied.body());
            assertEquals(403, get(open, "/metrics", Map.of("Forwarded", "for=127.0.0.1")).statusCode());

            HttpResponse<String> drain = HTTP.send(HttpRequest.newBuilder(closed.http("/drain"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, drain.statusCode(), "a drain is an operator's act too");
            assertEquals(200, get(closed, "/health/ready", Map.of()).statusCode(), "health is for load balancers: open");
            assertEquals(405, get(open, "/drain", Map.of()).statusCode());
        }
    }

    @Test
    void withMetricsOffNothingIsServedAndTheEndpointsStillWork() throws Exception {
        try (WskitServer server = WskitServer.start(Map.of("wskit.metrics.enabled", "false"))) {
            HttpResponse<String> r = get(server, "/metrics", Map.of());
            assertEquals(404, r.statusCode());
            assertEquals("Metrics are off (wskit.metrics.enabled=false).\n", r.body());
            Counted echo = new Counted(server.ws("/echo"));
            echo.text("still echoes");
            assertEquals("still echoes", echo.nextText());
            echo.close(CloseCodes.NORMAL_CLOSURE, "");
        }
    }

    @Test
    void aFlagThatIsNeitherTrueNorFalseStopsTheStart() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> WskitServer.start(Map.of("wskit.metrics.enabled", "yes")));
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("wskit.metrics.enabled must be true or false, not 'yes'"), cause.toString());
    }

    private static HttpResponse<String> get(WskitServer server, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.http(path)).GET();
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
