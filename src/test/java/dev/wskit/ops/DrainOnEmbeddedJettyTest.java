package dev.wskit.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.PrometheusText;
import dev.wskit.testing.RawWebSocket;
import dev.wskit.testing.WskitServer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Graceful restarts on embedded Jetty: {@code POST /drain} and the web application stopping (an undeploy or a
 * redeploy) tell every client with 1012 before anything else closes them; while draining, readiness is down and
 * upgrades get 503 with {@code Retry-After}; the drain waits for close handshakes up to {@code wskit.drain.timeout}.
 */
class DrainOnEmbeddedJettyTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One client of each endpoint, the room and board members joined. */
    private static List<Counted> clientsOfEveryEndpoint(WskitServer server) throws Exception {
        Counted echo = new Counted(server.ws("/echo"));
        echo.text("ping");
        echo.nextText();
        Counted inspect = new Counted(server.ws("/inspect"));
        inspect.nextText();
        Counted member = Counted.joined(server.ws("/rooms/drain"), "ann");
        Counted painter = new Counted(server.ws("/boards/drain"));
        painter.nextBinary();
        return List.of(echo, inspect, member, painter);
    }

    /** The readiness checks' start on the local backplane: {@code {"backplane":{...},} (in name order). */
    private static final String LOCAL_BACKPLANE =
            "{\"backplane\":{\"status\":\"up\",\"detail\":\"local: rooms and boards live in this JVM\"},";

    private static void assertToldToReconnect(List<Counted> clients) {
        for (Counted c : clients) {
            CloseReason r = c.closed();
            assertEquals(1012, r.getCloseCode().getCode(), "close of " + c.uri + ": " + r);
            assertEquals(Connections.RESTART_REASON, r.getReasonPhrase());
        }
    }

    private static CompletableFuture<HttpResponse<String>> postDrain(WskitServer server) {
        return HTTP.sendAsync(HttpRequest.newBuilder(server.http("/drain")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(WskitServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.http(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void postDrainTellsEveryClientToReconnectAndRefusesNewOnesWhileNotReady() throws Exception {
        try (WskitServer server = WskitServer.start(Map.of("wskit.drain.timeout", "60000", "wskit.drain.retryAfter", "7"))) {
            HttpResponse<String> ready = get(server, "/health/ready");
            assertEquals(200, ready.statusCode());
            assertEquals("{\"status\":\"up\",\"checks\":" + LOCAL_BACKPLANE
                    + "\"drain\":{\"status\":\"up\",\"detail\":\"accepting connections\"}}}\n",
                    ready.body());
            assertEquals("application/json;charset=utf-8", ready.headers().firstValue("Content-Type").orElseThrow()
                    .replace(" ", "").toLowerCase());
            List<Counted> clients = clientsOfEveryEndpoint(server);
            // A client that stops reading holds the drain open: the echo's send to it cannot finish.
            try (RawWebSocket silent = stalled(server)) {
                CompletableFuture<HttpResponse<String>> drain = postDrain(server);

                assertToldToReconnect(clients);
                assertFalse(drain.isDone(), "the drain waits for the client that has not answered");
                HttpResponse<String> notReady = get(server, "/health/ready");
                assertEquals(503, notReady.statusCode());
                assertEquals("{\"status\":\"down\",\"checks\":" + LOCAL_BACKPLANE
                        + "\"drain\":{\"status\":\"down\",\"detail\":"
                        + "\"draining for a restart: new connections are refused\"}}}\n", notReady.body());
                assertEquals(200, get(server, "/health/live").statusCode(), "alive: do not restart it for draining");
                try (RawWebSocket late = RawWebSocket.connect(server.ws("/rooms/drain"), Map.of())) {
                    assertEquals(503, late.status());
                    assertEquals("7", late.header("Retry-After"));
                    assertEquals("Upgrade refused: wskit is draining for a restart; retry in 7 s\n", late.body());
                }

                // Reading again lets the sends finish; the close follows them; it leaves without answering.
                RawWebSocket.Frame close = silent.readUntilClose();
                assertEquals(1012, close.closeCode());
                silent.close();
                HttpResponse<String> done = drain.get(20, TimeUnit.SECONDS);
                assertEquals(200, done.statusCode());
                assertTrue(done.body().startsWith("{\"drained\":true,\"connections\":6,\"left\":0,\"tookMs\":"), done.body());
            }
            PrometheusText m = PrometheusText.scrape(server.http("/metrics"));
            assertEquals(1, m.count("wskit_handshakes_rejected_total{reason=\"draining\"}"));
            for (String e : List.of("echo", "inspect", "boards")) {
                assertEquals(1, m.count("wskit_closes_total{by=\"server\",code=\"1012\",endpoint=\"" + e + "\"}"), e);
            }
            assertEquals(3, m.count("wskit_closes_total{by=\"server\",code=\"1012\",endpoint=\"rooms\"}")
                    + m.count("wskit_closes_total{by=\"server\",code=\"1006\",endpoint=\"rooms\"}"),
                    "the stalled member's close is wskit's too, whatever code the container reports for it");
        }
    }

    @Test
    void aClientThatDoesNotAnswerWithinTheDrainTimeoutIsClosedAnyway() throws Exception {
        try (WskitServer server = WskitServer.start(Map.of("wskit.drain.timeout", "300"))) {
            try (RawWebSocket silent = stalled(server)) {
                HttpResponse<String> done = postDrain(server).get(20, TimeUnit.SECONDS);
                assertTrue(done.body().startsWith("{\"drained\":false,\"connections\":2,\"left\":1,\"tookMs\":"), done.body());
                long took = Long.parseLong(done.body().replaceAll("(?s).*\"tookMs\":(\\d+).*", "$1"));
                assertTrue(took >= 300, "waited the whole timeout: " + took);
                assertEquals(1012, silent.readUntilClose().closeCode());
            }
        }
    }

    @Test
    void stoppingTheWebApplicationTellsEveryClientBeforeJettyClosesThem() throws Exception {
        WskitServer server = WskitServer.start();
        try {
            List<Counted> clients = clientsOfEveryEndpoint(server);
            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
                try {
                    server.stopWebApp();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertToldToReconnect(clients);
            stop.get(30, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    /**
     * What wskit cannot change, pinned so a Jetty upgrade that changes it is noticed: stopping the whole Jetty server
     * stops its connectors before its web applications, so clients are dropped (1006) before wskit is told. The
     * README says to drain first (POST /drain) on Jetty.
     */
    @Test
    void stoppingTheWholeJettyServerDropsConnectionsBeforeWskitIsTold() throws Exception {
        WskitServer server = WskitServer.start();
        Counted echo = new Counted(server.ws("/echo"));
        echo.text("x");
        echo.nextText();
        server.close();
        assertEquals(1006, echo.closed().getCloseCode().getCode());
    }

    @Test
    void aConnectionLogLineEndsEveryConnection() throws Exception {
        try (ConnectionLogLines log = new ConnectionLogLines();
             WskitServer on = WskitServer.start(); WskitServer off = WskitServer.start(Map.of("wskit.connectionLog.enabled", "false"))) {
            List<String> lines = log.lines();
            Counted echo = new Counted(on.ws("/echo"), List.of("chat", "other"));
            echo.text("hello");
            echo.nextText();
            echo.close(CloseCodes.NORMAL_CLOSURE, "bye \"now\"");
            Counted member = Counted.joined(on.ws("/rooms/logged?access_token=s3cret&x=1"), "ann");
            member.text("{\"type\":\"say\",\"text\":\"hi\"}");
            member.textContaining("\"text\":\"hi\"");
            member.close(CloseCodes.NORMAL_CLOSURE, "");
            Counted quiet = new Counted(off.ws("/echo"));
            quiet.close(CloseCodes.NORMAL_CLOSURE, "");
            await().atMost(Duration.ofSeconds(20)).until(() -> lines.size() >= 2);

            String e = lines.get(0);
            assertTrue(e.matches("INFO \\S+ \\| connection \\| endpoint=echo remote=127\\.0\\.0\\.1 forwarded=- path=\"/echo\""
                    + " subprotocol=\"chat\" duration_ms=\\d+ received=1 received_bytes=5 sent=1 sent_bytes=5"
                    + " close=1000 by=client reason=\"bye \\\\\"now\\\\\"\""), e);
            String r = lines.get(1);
            assertTrue(r.matches("INFO \\S+ \\| connection \\| endpoint=rooms remote=127\\.0\\.0\\.1 forwarded=-"
                    + " path=\"/rooms/logged\\?x=1\" subprotocol=- duration_ms=\\d+ received=2 received_bytes="
                    + member.sentBytes + " sent=" + member.received + " sent_bytes=" + member.receivedBytes
                    + " close=1000 by=client reason=\"\""), r);
            assertFalse(String.join("\n", lines).contains("s3cret"));
            // the server with the log off has closed its connection too, without a line
            await().atMost(Duration.ofSeconds(20)).until(() -> PrometheusText.scrape(off.http("/metrics"))
                    .count("wskit_connections_active{endpoint=\"echo\"}") == 0);
            assertEquals(2, lines.size(), String.join("\n", lines));
        }
    }

    /**
     * A room member that stops reading while eight attachments of 1 MB are on their way to it: its send in flight
     * cannot finish (its receive buffer is 4 KiB), so its close waits behind it, as every close of a member does,
     * until it reads again. The attachments' author is a client of its own and closes at once in a drain.
     */
    private static RawWebSocket stalled(WskitServer server) throws Exception {
        RawWebSocket raw = RawWebSocket.connect(server.ws("/rooms/stall"), Map.of());
        assertEquals(101, raw.status());
        raw.sendText("{\"type\":\"join\",\"nick\":\"stalled\"}");
        Counted author = Counted.joined(server.ws("/rooms/stall"), "author");
        byte[] type = "application/octet-stream".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer a = java.nio.ByteBuffer.allocate(1 + 8 + 8 + 1 + 1 + type.length + 1 + 1 + 4 + 1_000_000)
                .put((byte) 0x41).putLong(0).putLong(0).put((byte) 0).put((byte) type.length).put(type)
                .put((byte) 1).put((byte) 'f').putInt(1_000_000);
        for (int i = 0; i < 8; i++) {
            author.binary(a.array());
            assertEquals(a.capacity() + "author".length(), author.nextBinary().length, "the room stamps the nick in");
        }
        return raw;
    }
}
