package dev.wskit.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.web.Handshake;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionsTest {

    private final Metrics metrics = Metrics.start();
    private final Executor direct = Runnable::run;
    private final Connections connections = new Connections(metrics, new ConnectionLog(false), direct);

    @AfterEach
    void close() {
        metrics.close();
    }

    private LiveConnection open(Endpoint endpoint, String id) {
        return connections.open(endpoint, new FakeSession(id, "ws://h/" + endpoint.label(), "").session);
    }

    @Test
    void aDrainTellsEveryConnectionAndReturnsOnceAllHaveClosed() throws Exception {
        FakeSession echo = new FakeSession("e1", "ws://h/echo", "");
        LiveConnection e = connections.open(Endpoint.ECHO, echo.session);
        LiveConnection r = open(Endpoint.ROOMS, "r1");
        List<String> polite = new CopyOnWriteArrayList<>();
        r.onRestart(() -> polite.add("rooms close after the send in flight"));
        assertEquals(2, connections.count());

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> connections.drain(30_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> echo.closes.size() == 1 && polite.size() == 1);
        assertTrue(connections.draining());
        assertEquals(1012, echo.closes.get(0).getCloseCode().getCode());
        assertEquals(Connections.RESTART_REASON, echo.closes.get(0).getReasonPhrase());
        assertFalse(drained.isDone(), "the drain waits for the close handshakes");

        e.ended(new CloseReason(CloseCodes.SERVICE_RESTART, ""));
        r.ended(new CloseReason(CloseCodes.SERVICE_RESTART, ""));
        assertTrue(drained.get(10, TimeUnit.SECONDS), "every connection closed within the timeout");
        assertEquals(0, connections.count());
        String text = metrics.scrape();
        assertTrue(text.contains("wskit_closes_total{by=\"server\",code=\"1012\",endpoint=\"echo\"} 1.0"), text);
        assertTrue(text.contains("wskit_closes_total{by=\"server\",code=\"1012\",endpoint=\"rooms\"} 1.0"), text);
    }

    @Test
    void whatIsLeftAfterTheTimeoutIsClosedWithoutWaiting() {
        LiveConnection stuck = open(Endpoint.ROOMS, "stuck");
        List<String> polite = new CopyOnWriteArrayList<>();
        stuck.onRestart(() -> polite.add("queued behind a send that never completes"));
        assertFalse(connections.drain(50), "timed out");
        assertEquals(1, polite.size());
        assertEquals(1, connections.count(), "still open until its close event");
    }

    @Test
    void forceCloseAfterTimeoutClosesTheSessionWith1012() {
        FakeSession s = new FakeSession("s", "ws://h/rooms/a", "");
        LiveConnection stuck = connections.open(Endpoint.ROOMS, s.session);
        stuck.onRestart(() -> { });
        assertFalse(connections.drain(20));
        assertEquals(1, s.closes.size());
        assertEquals(1012, s.closes.get(0).getCloseCode().getCode());
    }

    @Test
    void aConnectionOpeningDuringADrainIsToldAtOnce() {
        assertTrue(connections.drain(0), "nothing to wait for");
        FakeSession late = new FakeSession("late", "ws://h/echo", "");
        connections.open(Endpoint.ECHO, late.session);
        assertEquals(1, late.closes.size());
        assertEquals(1012, late.closes.get(0).getCloseCode().getCode());
    }

    @Test
    void aConnectionIsToldOnceAndForcedOnceAcrossTwoDrains() {
        FakeSession s = new FakeSession("s", "ws://h/rooms/a", "");
        LiveConnection c = connections.open(Endpoint.ROOMS, s.session);
        List<String> polite = new CopyOnWriteArrayList<>();
        c.onRestart(() -> polite.add("told"));
        connections.drain(0);
        connections.drain(0);
        assertEquals(List.of("told"), polite);
        assertEquals(1, s.closes.size(), "forced once, as what was left after the first drain");
    }

    @Test
    void readinessIsDownWhileDrainingAndLivenessStaysUp() {
        Health health = new Health(connections);
        assertTrue(health.ready().up());
        assertEquals("{\"status\":\"up\",\"checks\":{\"drain\":{\"status\":\"up\",\"detail\":\"accepting connections\"}}}",
                health.ready().json());
        health.add("backplane", () -> Health.Result.up("redis reachable"));
        assertTrue(health.ready().up());
        connections.drain(0);
        Health.Report ready = health.ready();
        assertFalse(ready.up());
        assertFalse(ready.checks().get("drain").up());
        assertTrue(ready.checks().get("backplane").up());
        assertTrue(ready.json().startsWith("{\"status\":\"down\",\"checks\":{\"backplane\":"), ready.json());
        assertTrue(health.live().up());
    }

    @Test
    void aCheckThatFailsCountsAsDown() {
        Health health = new Health(connections);
        health.add("backplane", () -> {
            throw new IllegalStateException("no connection");
        });
        Health.Report ready = health.ready();
        assertFalse(ready.up());
        assertTrue(ready.checks().get("backplane").detail().contains("no connection"));
    }

    @Test
    void whoClosedIsTheServerWhenWskitClosedClientOtherwiseAndNoneWithoutACloseFrame() {
        LiveConnection byServer = open(Endpoint.ECHO, "a");
        byServer.closing(1009);
        byServer.ended(new CloseReason(CloseCodes.TOO_BIG, "too big"));
        open(Endpoint.ECHO, "b").ended(new CloseReason(CloseCodes.NORMAL_CLOSURE, "bye"));
        open(Endpoint.ECHO, "c").ended(new CloseReason(CloseCodes.CLOSED_ABNORMALLY, ""));
        LiveConnection twice = open(Endpoint.ECHO, "d");
        twice.ended(new CloseReason(CloseCodes.NORMAL_CLOSURE, ""));
        twice.ended(new CloseReason(CloseCodes.NORMAL_CLOSURE, ""));
        String text = metrics.scrape();
        assertTrue(text.contains("wskit_closes_total{by=\"server\",code=\"1009\",endpoint=\"echo\"} 1.0"), text);
        assertTrue(text.contains("wskit_closes_total{by=\"client\",code=\"1000\",endpoint=\"echo\"} 2.0"), text);
        assertTrue(text.contains("wskit_closes_total{by=\"none\",code=\"1006\",endpoint=\"echo\"} 1.0"), text);
        assertTrue(text.contains("wskit_connections_active{endpoint=\"echo\"} 0.0"), text);
        assertTrue(text.contains("wskit_connections_total{endpoint=\"echo\"} 4.0"), text);
    }

    @Test
    void theLogLineSaysWhoWhatAndHowMuch() {
        FakeSession s = new FakeSession("7f", "ws://h/echo?delay=5&access_token=secret", "chat");
        s.properties.put(Handshake.PROPERTY, new Handshake(new Peer("10.1.2.3", "203.0.113.9", true), "/echo?delay=5"));
        LiveConnection c = connections.open(Endpoint.ECHO, s.session);
        c.receivedText("héllo", false);
        c.receivedText("!", true);
        c.received(3, true);
        c.sent(7, true);
        c.sent(3, false);
        c.sent(2, true);
        String line = ConnectionLog.detail(c, 4000, "client", "a \"quoted\"\nreason");
        String expected = "endpoint=echo remote=10.1.2.3 forwarded=203.0.113.9 path=\"/echo?delay=5\" subprotocol=\"chat\""
                + " duration_ms=D received=2 received_bytes=10 sent=2 sent_bytes=12 close=4000 by=client"
                + " reason=\"a \\\"quoted\\\"?reason\"";
        assertEquals(expected, line.replaceFirst("duration_ms=\\d+", "duration_ms=D"));
    }

    @Test
    void aTextPartIsMeasuredOnceForTheEchoAndCountedWithASplitPairAsFourBytes() {
        LiveConnection c = open(Endpoint.ECHO, "9");
        assertEquals(4, c.measureText("a\uD83D", false), "a lone high surrogate so far: 3 bytes");
        assertEquals(2, c.measureText("\uDE00b", true), "its low half completes a 4-byte character");
        assertEquals(3, c.measureText("\uDE00", true), "a new message: a lone low surrogate");
        assertEquals(9, c.receivedBytes());
        assertEquals(2, c.receivedMessages());
    }

    @Test
    void textIsMeasuredForTheEchoEvenWhenNothingCountsIt() {
        Metrics off = Metrics.disabled();
        try {
            LiveConnection c = new Connections(off, new ConnectionLog(false), direct)
                    .open(Endpoint.ECHO, new FakeSession("10", "ws://h/echo", "").session);
            assertEquals(2, c.measureText("é", true));
            c.receivedText("é", true);
            assertEquals(0, c.receivedBytes(), "nothing counted");
        } finally {
            off.close();
        }
    }

    @Test
    void withoutTheGatesHandshakeTheLogFallsBackToTheSessionsPathWithoutQuery() {
        FakeSession s = new FakeSession("8", "ws://h/echo?access_token=secret", "");
        LiveConnection c = connections.open(Endpoint.ECHO, s.session);
        String line = ConnectionLog.detail(c, 1000, "client", "");
        assertTrue(line.startsWith("endpoint=echo remote=- forwarded=- path=\"/echo\" subprotocol=-"), line);
        assertFalse(line.contains("secret"));
    }
}
