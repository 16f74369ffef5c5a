package dev.wskit.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.Clients;
import dev.wskit.testing.JdkWebSocket;
import dev.wskit.testing.Nginx;
import dev.wskit.testing.RawWebSocket;
import dev.wskit.testing.Recorder;
import dev.wskit.testing.TestCertificate;
import dev.wskit.testing.WskitServer;
import java.io.EOFException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * wskit behind a real nginx (Debian's, as a child process: {@link Nginx}) with the README's configuration, plain and
 * TLS: echo and rooms through the proxy, the client's address from X-Forwarded-For only when nginx is a trusted
 * proxy, the browser's scheme for the origin check, and room pings keeping an idle member past a short
 * {@code proxy_read_timeout} that cuts it when pings are off.
 */
class BehindNginxTest {

    /** nginx's proxy_read_timeout in these tests: short, so a cut shows quickly. */
    private static final Duration READ_TIMEOUT = Duration.ofMillis(2500);

    private static final AtomicInteger ROOMS = new AtomicInteger();

    private static TestCertificate certificate;
    private static WskitServer trusting;
    private static WskitServer plain;
    private static Nginx toTrusting;
    private static Nginx toPlain;

    @BeforeAll
    static void start() {
        certificate = TestCertificate.create(Path.of("target", "nginx", "tls").toAbsolutePath());
        // Pings every 500 ms, well under the proxy's 2.5 s; nginx (127.0.0.1) is trusted.
        trusting = WskitServer.start(Map.of("wskit.edge.trustedProxies", "127.0.0.1", "wskit.rooms.pingInterval", "500"));
        // No pings, no trusted proxy.
        plain = WskitServer.start(Map.of("wskit.rooms.pingInterval", "0"));
        toTrusting = Nginx.start("trusting", trusting.port(), READ_TIMEOUT, certificate);
        toPlain = Nginx.start("plain", plain.port(), READ_TIMEOUT, certificate);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {toTrusting, toPlain, trusting, plain}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static String room() {
        return "/rooms/nginx" + ROOMS.incrementAndGet();
    }

    @Test
    void echoesThroughThePlainProxy() throws Exception {
        Recorder r = new Recorder();
        Clients.connect(r, toTrusting.ws("/echo"));
        r.session().getBasicRemote().sendText("through nginx");
        assertEquals("through nginx", r.nextText());
        r.session().close();
        r.awaitClose();
        r.assertNoErrors();
    }

    @Test
    void echoesThroughTheTlsProxy() {
        try (JdkWebSocket ws = JdkWebSocket.connect(toTrusting.wss("/echo"), certificate.clientContext(), Map.of())) {
            ws.send("through nginx over TLS");
            assertEquals("through nginx over TLS", ws.nextText());
        }
    }

    @Test
    void aRoomWorksAcrossPlainAndTlsMembers() throws Exception {
        String room = room();
        Recorder ann = new Recorder();
        Clients.connect(ann, toTrusting.ws(room));
        ann.session().getBasicRemote().sendText("{\"type\":\"join\",\"nick\":\"ann\"}");
        try (JdkWebSocket bob = JdkWebSocket.connect(toTrusting.wss(room), certificate.clientContext(), Map.of())) {
            bob.send("{\"type\":\"join\",\"nick\":\"bob\"}");
            bob.until("\"event\":\"here\"");
            bob.send("{\"type\":\"say\",\"text\":\"hi ann\"}");
            String said = until(ann, "\"type\":\"say\"");
            assertTrue(said.contains("\"nick\":\"bob\"") && said.contains("hi ann"), said);
        }
        ann.session().close();
    }

    @Test
    void inspectBelievesXForwardedForOnlyFromATrustedProxy() throws Exception {
        // The client lies in its own X-Forwarded-For; nginx appends the address it saw (127.0.0.2).
        Map<String, String> lie = Map.of("X-Forwarded-For", "6.6.6.6");
        try (RawWebSocket r = RawWebSocket.connect(toTrusting.ws("/inspect"), lie, "127.0.0.2")) {
            assertEquals(101, r.status());
            String json = r.read().text();
            assertTrue(json.contains("\"clientAddress\":\"127.0.0.2\""), json);
            assertTrue(json.contains("\"6.6.6.6, 127.0.0.2\""), "nginx appended the peer: " + json);
        }
        try (RawWebSocket r = RawWebSocket.connect(toPlain.ws("/inspect"), lie, "127.0.0.2")) {
            String json = r.read().text();
            assertTrue(json.contains("\"clientAddress\":\"127.0.0.1\""), "nginx itself, header ignored: " + json);
        }
    }

    @Test
    void theOriginCheckSeesTheSchemeTheBrowserUsedThroughATrustedTlsProxy() {
        String origin = "https://127.0.0.1:" + toTrusting.tlsPort();
        try (JdkWebSocket ws = JdkWebSocket.connect(toTrusting.wss(room()), certificate.clientContext(), Map.of("Origin", origin))) {
            ws.send("{\"type\":\"join\",\"nick\":\"https-page\"}");
            ws.until("\"event\":\"here\"");
        }
        String plainOrigin = "https://127.0.0.1:" + toPlain.tlsPort();
        assertEquals(403, JdkWebSocket.refusal(toPlain.wss(room()), certificate.clientContext(), Map.of("Origin", plainOrigin)),
                "without a trusted proxy the scheme is http, so an https page is foreign");
    }

    @Test
    void pingsKeepAnIdleMemberPastTheProxysReadTimeout() throws Exception {
        try (RawWebSocket idle = RawWebSocket.connect(toTrusting.ws(room()), Map.of())) {
            assertEquals(101, idle.status());
            idle.sendText("{\"type\":\"join\",\"nick\":\"idle\"}");
            // Twelve pings at 500 ms: six seconds, more than twice the proxy's read timeout, with nothing else said.
            int pings = 0;
            while (pings < 12) {
                RawWebSocket.Frame f = idle.read();
                assertTrue(f.opcode() != 8, () -> "closed " + f.closeCode() + " " + f.closeReason());
                if (f.opcode() == 9) {
                    pings++;
                    idle.sendPong(f.payload());
                }
            }
            idle.sendText("{\"type\":\"say\",\"text\":\"still here\"}");
            RawWebSocket.Frame f;
            do {
                f = idle.read();
            } while (f.opcode() != 1 || !f.text().contains("still here"));
        }
    }

    @Test
    void withoutPingsTheProxyCutsAnIdleMember() throws Exception {
        try (RawWebSocket idle = RawWebSocket.connect(toPlain.ws(room()), Map.of())) {
            assertEquals(101, idle.status());
            idle.sendText("{\"type\":\"join\",\"nick\":\"idle\"}");
            long start = System.nanoTime();
            assertThrows(EOFException.class, () -> {
                while (true) {
                    idle.read();
                }
            }, "nginx should cut the connection after proxy_read_timeout");
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(READ_TIMEOUT.minusMillis(200)) >= 0);
        }
    }

    @Test
    void theReadmeShowsTheLocationBlockTheTestsUse() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String location = Files.readString(Nginx.LOCATION);
        assertTrue(readme.contains(location.strip()), "README.md must show " + Nginx.LOCATION + " verbatim");
        assertTrue(toTrusting.logs().contains("GET /echo HTTP/1.1\" 101") || toTrusting.logs().contains("\" 101"),
                toTrusting.logs());
    }

    private static String until(Recorder r, String fragment) {
        while (true) {
            String t = r.nextText();
            if (t.contains(fragment)) {
                return t;
            }
        }
    }
}
