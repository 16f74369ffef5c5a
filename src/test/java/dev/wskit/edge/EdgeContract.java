package dev.wskit.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import dev.wskit.testing.Clients;
import dev.wskit.testing.Deployment;
import dev.wskit.testing.RawWebSocket;
import dev.wskit.testing.Recorder;
import dev.wskit.testing.TokenMint;
import jakarta.websocket.ClientEndpointConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the edge promises on a running wskit: sign-in at the handshake (every refusal reason, a valid token by query
 * and by header, the nick rule, expiry while connected, clock skew), tokens kept out of what the server shows,
 * trusted and untrusted X-Forwarded-For, both per-address limits, and room pings. Subclasses say where it runs.
 */
public abstract class EdgeContract {

    private static final AtomicInteger ROOMS = new AtomicInteger();

    static final Path JWKS = TokenMint.writeJwks(Path.of("target", "edge", "jwks.json").toAbsolutePath());

    /** Sign-in on (secret and key file, audience, issuer), no clock skew. */
    static final Map<String, String> SIGN_IN = Map.of("wskit.auth.hs256Secret", TokenMint.SECRET,
            "wskit.auth.jwks", JWKS.toString(), "wskit.auth.audience", TokenMint.AUDIENCE,
            "wskit.auth.issuer", TokenMint.ISSUER, "wskit.auth.clockSkew", "0");

    /** Sign-in for the echo too, and a 30 s clock skew. */
    static final Map<String, String> SIGN_IN_ECHO = Map.of("wskit.auth.hs256Secret", TokenMint.SECRET,
            "wskit.auth.echo", "true", "wskit.auth.clockSkew", "30000");

    /** Two connections per address; 127.0.0.1 is a trusted proxy. */
    static final Map<String, String> LIMITS = Map.of("wskit.edge.maxConnectionsPerAddress", "2",
            "wskit.edge.trustedProxies", "127.0.0.1");

    /** One handshake a second per address, in bursts of three. */
    static final Map<String, String> RATE = Map.of("wskit.edge.maxHandshakesPerSecond", "1", "wskit.edge.handshakeBurst", "3");

    /** Pings every 300 ms; three may go unanswered (room for a busy test machine to answer late). */
    static final Map<String, String> PINGS = Map.of("wskit.rooms.pingInterval", "300", "wskit.rooms.maxMissedPongs", "3");

    protected abstract Deployment server(Map<String, String> settings);

    private static String room() {
        return "/rooms/e" + ROOMS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    private static URI withToken(URI ws, String token) {
        return URI.create(ws + (ws.getQuery() == null ? "?" : "&") + "access_token=" + token);
    }

    private static Recorder connect(URI uri, String bearer) {
        Recorder r = new Recorder();
        ClientEndpointConfig.Builder config = ClientEndpointConfig.Builder.create();
        if (bearer != null) {
            config.configurator(new ClientEndpointConfig.Configurator() {
                @Override
                public void beforeRequest(Map<String, List<String>> headers) {
                    headers.put("Authorization", List.of("Bearer " + bearer));
                }
            });
        }
        Clients.connect(r, uri, config.build());
        return r;
    }

    private static void join(Recorder r, String nick) throws Exception {
        r.session().getBasicRemote().sendText("{\"type\":\"join\",\"nick\":\"" + nick + "\"}");
    }

    /** The next text containing {@code fragment}, skipping others. */
    private static String until(Recorder r, String fragment) {
        while (true) {
            String t = r.nextText();
            if (t.contains(fragment)) {
                return t;
            }
        }
    }

    private static RawWebSocket raw(URI uri) throws Exception {
        return RawWebSocket.connect(uri, Map.of());
    }

    // ---- sign-in ----

    @ParameterizedTest
    @ValueSource(strings = {"/rooms/lobby", "/boards/sketch"})
    void roomsAndBoardsRefuseAnUpgradeWithoutATokenWith401(String path) throws Exception {
        try (RawWebSocket r = raw(server(SIGN_IN).ws(path))) {
            assertEquals(401, r.status(), r.body());
            assertEquals("Upgrade refused: missing token: send it as the access_token query parameter or an"
                    + " Authorization: Bearer header\n", r.body());
            assertEquals("Bearer realm=\"wskit\"", r.header("WWW-Authenticate"));
        }
    }

    /** Every way a token can be wrong, each its own one-line reason. */
    @Test
    void eachRefusalReasonIsItsOwnOneLine401() throws Exception {
        Instant now = Instant.now();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("malformed token: not a signed JWT", "abc.def");
        cases.put("bad signature: the token's HS256 signature does not verify", TokenMint.sign(JWSAlgorithm.HS256, null,
                TokenMint.claims("alice").build(), "a-different-secret-a-different-secret!".getBytes(StandardCharsets.UTF_8)));
        cases.put("expired token: it expired at", TokenMint.hs256("alice", b -> b.expirationTime(Date.from(now.minusSeconds(120)))));
        cases.put("token not yet valid: valid from", TokenMint.hs256("alice", b -> b.notBeforeTime(Date.from(now.plusSeconds(120)))));
        cases.put("wrong audience: the token is for 'someone-else'", TokenMint.hs256("alice", b -> b.audience("someone-else")));
        cases.put("wrong issuer: the token is from 'https://other.example'", TokenMint.hs256("alice", b -> b.issuer("https://other.example")));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            try (RawWebSocket r = raw(withToken(server(SIGN_IN).ws(room()), c.getValue()))) {
                assertEquals(401, r.status(), c.getKey());
                assertTrue(r.body().startsWith("Upgrade refused: " + c.getKey()), r.body());
                assertEquals(1, r.body().lines().count(), r.body());
                assertFalse(r.body().contains(c.getValue()), "the answer must not repeat the token");
                assertEquals("Bearer realm=\"wskit\", error=\"invalid_token\"", r.header("WWW-Authenticate"));
            }
        }
    }

    @Test
    void aValidTokenInTheQueryJoinsUnderItsNick() throws Exception {
        Recorder alice = connect(withToken(server(SIGN_IN).ws(room()), TokenMint.hs256("alice")), null);
        join(alice, "alice");
        assertTrue(until(alice, "\"event\":\"here\"").contains("\"members\":[\"alice\"]"));
        alice.session().close();
        alice.assertNoErrors();
    }

    @Test
    void rsaAndEcTokensInABearerHeaderAreAccepted() throws Exception {
        String path = room();
        Recorder bob = connect(server(SIGN_IN).ws(path), TokenMint.rs256("bob"));
        join(bob, "bob");
        until(bob, "\"event\":\"here\"");
        Recorder carol = connect(server(SIGN_IN).ws(path), TokenMint.es256("carol"));
        join(carol, "carol");
        assertTrue(until(carol, "\"event\":\"here\"").contains("\"members\":[\"bob\",\"carol\"]"));
        bob.session().close();
        carol.session().close();
    }

    @Test
    void aSignedInMemberCannotJoinUnderAnotherNick() throws Exception {
        Recorder mallory = connect(withToken(server(SIGN_IN).ws(room()), TokenMint.hs256("mallory")), null);
        join(mallory, "alice");
        String error = until(mallory, "\"type\":\"error\"");
        assertTrue(error.contains("\"code\":\"bad-nick\"") && error.contains("signed in as 'mallory'"), error);
        join(mallory, "mallory");
        until(mallory, "\"event\":\"here\"");
        mallory.session().close();
    }

    @Test
    void theNickClaimIsTheNick() throws Exception {
        String token = TokenMint.hs256("user-42", b -> b.claim("nick", "Ann Smith"));
        Recorder ann = connect(withToken(server(SIGN_IN).ws(room()), token), null);
        join(ann, "user-42");
        assertTrue(until(ann, "\"type\":\"error\"").contains("signed in as 'Ann Smith'"));
        join(ann, "Ann Smith");
        until(ann, "\"event\":\"here\"");
        ann.session().close();
    }

    @Test
    void aTokenThatExpiresWhileConnectedDoesNotCutTheConnection() throws Exception {
        Instant expires = Instant.now().plusSeconds(2);
        String token = TokenMint.hs256("dora", b -> b.expirationTime(Date.from(expires)));
        URI uri = withToken(server(SIGN_IN).ws(room()), token);
        Recorder dora = connect(uri, null);
        join(dora, "dora");
        until(dora, "\"event\":\"here\"");
        // exp has a resolution of one second; past it (and clockSkew 0) the same token no longer opens a connection.
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expires.plusSeconds(1)));
        try (RawWebSocket again = raw(uri)) {
            assertEquals(401, again.status());
            assertTrue(again.body().contains("expired token"), again.body());
        }
        dora.session().getBasicRemote().sendText("{\"type\":\"say\",\"text\":\"still here\"}");
        assertTrue(until(dora, "\"type\":\"say\"").contains("still here"));
        dora.session().close();
        dora.assertNoErrors();
    }

    @Test
    void theEchoIsOpenUnlessSignInCoversIt() throws Exception {
        try (RawWebSocket open = raw(server(SIGN_IN).ws("/echo"))) {
            assertEquals(101, open.status());
        }
        try (RawWebSocket closed = raw(server(SIGN_IN_ECHO).ws("/inspect"))) {
            assertEquals(401, closed.status());
        }
        try (RawWebSocket signed = raw(withToken(server(SIGN_IN_ECHO).ws("/echo?delay=0"), TokenMint.hs256("eve")))) {
            assertEquals(101, signed.status());
        }
    }

    @Test
    void clockSkewIsASetting() throws Exception {
        String lateBy20s = TokenMint.hs256("fred", b -> b.expirationTime(Date.from(Instant.now().minusSeconds(20))));
        try (RawWebSocket within = raw(withToken(server(SIGN_IN_ECHO).ws("/echo"), lateBy20s))) {
            assertEquals(101, within.status(), "within wskit.auth.clockSkew=30000");
        }
        try (RawWebSocket beyond = raw(withToken(server(SIGN_IN).ws(room()), lateBy20s))) {
            assertEquals(401, beyond.status(), "with wskit.auth.clockSkew=0");
        }
    }

    @Test
    void inspectNeverShowsTheToken() throws Exception {
        String token = TokenMint.hs256("gina");
        Recorder r = connect(withToken(server(SIGN_IN_ECHO).ws("/inspect?delay=0"), token), null);
        String json = r.nextText();
        assertFalse(json.contains(token), json);
        assertTrue(json.contains("access_token=[redacted]") && json.contains("\"access_token\":[\"[redacted]\"]"), json);
        r.session().close();
        Recorder h = connect(server(SIGN_IN_ECHO).ws("/inspect"), token);
        json = h.nextText();
        assertFalse(json.contains(token), json);
        assertTrue(json.contains("\"Bearer [redacted]\""), json);
        h.session().close();
    }

    @Test
    void noLogLineHoldsAToken() throws Exception {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                Object[] p = r.getParameters();
                lines.add(r.getLoggerName() + " " + (p == null ? r.getMessage() : java.text.MessageFormat.format(r.getMessage(), p)));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger wskit = java.util.logging.Logger.getLogger("dev.wskit");
        java.util.logging.Level before = wskit.getLevel();
        wskit.setLevel(java.util.logging.Level.ALL);
        wskit.addHandler(capture);
        try {
            String good = TokenMint.hs256("logged");
            String bad = TokenMint.hs256("logged", b -> b.expirationTime(Date.from(Instant.now().minusSeconds(300))));
            try (RawWebSocket refused = raw(withToken(server(SIGN_IN_ECHO).ws("/echo"), bad))) {
                assertEquals(401, refused.status());
            }
            Recorder echo = connect(withToken(server(SIGN_IN_ECHO).ws("/echo?delay=0"), good), null);
            echo.session().close();
            echo.awaitClose();
            Recorder room = connect(server(SIGN_IN).ws(room()), good);
            join(room, "logged");
            until(room, "\"event\":\"here\"");
            room.session().close();
            room.awaitClose();
            await().atMost(Recorder.WAIT).until(() -> lines.stream().anyMatch(l -> l.contains("| refused | 401"))
                    && lines.stream().anyMatch(l -> l.contains("| open |") && l.contains("access_token=[redacted]")));
            for (String line : lines) {
                assertFalse(line.contains(good) || line.contains(bad), "a log line holds a token: " + line);
            }
        } finally {
            wskit.removeHandler(capture);
            wskit.setLevel(before);
        }
    }

    // ---- addresses behind a proxy ----

    @Test
    void inspectShowsTheForwardedAddressOnlyFromATrustedProxy() throws Exception {
        Map<String, String> xff = Map.of("X-Forwarded-For", "203.0.113.50, 198.51.100.7");
        try (RawWebSocket trusted = RawWebSocket.connect(server(LIMITS).ws("/inspect"), xff, "127.0.0.1")) {
            assertEquals(101, trusted.status());
            String json = trusted.read().text();
            assertTrue(json.contains("\"clientAddress\":\"198.51.100.7\""), json);
            assertTrue(json.contains("\"remoteAddress\":\"127.0.0.1\""), json);
        }
        try (RawWebSocket untrusted = RawWebSocket.connect(server(LIMITS).ws("/inspect"), xff, "127.0.0.2")) {
            String json = untrusted.read().text();
            assertTrue(json.contains("\"clientAddress\":\"127.0.0.2\""), json);
        }
    }

    // ---- per-address limits ----

    @Test
    void theConnectionLimitCountsEveryPathPerAddressAndFreesOnClose() throws Exception {
        Deployment d = server(LIMITS);
        List<RawWebSocket> open = new ArrayList<>();
        try {
            open.add(RawWebSocket.connect(d.ws("/echo"), Map.of(), "127.0.0.3"));
            open.add(RawWebSocket.connect(d.ws(room()), Map.of(), "127.0.0.3"));
            assertEquals(101, open.get(0).status());
            assertEquals(101, open.get(1).status());
            try (RawWebSocket third = RawWebSocket.connect(d.ws("/boards/b"), Map.of(), "127.0.0.3")) {
                assertEquals(429, third.status(), third.body());
                assertEquals(Integer.toString(AddressLimiter.CONNECTIONS_RETRY_AFTER), third.header("Retry-After"));
                assertTrue(third.body().contains("wskit.edge.maxConnectionsPerAddress"), third.body());
            }
            try (RawWebSocket inspect = RawWebSocket.connect(d.ws("/inspect"), Map.of(), "127.0.0.3")) {
                assertEquals(429, inspect.status());
            }
            try (RawWebSocket other = RawWebSocket.connect(d.ws("/inspect"), Map.of(), "127.0.0.4")) {
                assertEquals(101, other.status(), "another address is not affected");
            }
            open.remove(0).close();
            await().atMost(Recorder.WAIT).until(() -> {
                RawWebSocket again = RawWebSocket.connect(d.ws("/echo"), Map.of(), "127.0.0.3");
                if (again.status() == 101) {
                    open.add(again);
                    return true;
                }
                again.close();
                return false;
            });
        } finally {
            for (RawWebSocket r : open) {
                r.close();
            }
        }
    }

    @Test
    void behindATrustedProxyTheForwardedAddressIsCounted() throws Exception {
        Deployment d = server(LIMITS);
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                open.add(RawWebSocket.connect(d.ws("/echo"), Map.of("X-Forwarded-For", "192.0.2.10"), "127.0.0.1"));
                assertEquals(101, open.get(i).status());
            }
            try (RawWebSocket third = RawWebSocket.connect(d.ws("/echo"), Map.of("X-Forwarded-For", "192.0.2.10"), "127.0.0.1")) {
                assertEquals(429, third.status());
            }
            try (RawWebSocket other = RawWebSocket.connect(d.ws("/echo"), Map.of("X-Forwarded-For", "192.0.2.11"), "127.0.0.1")) {
                assertEquals(101, other.status(), "another client behind the same proxy is not affected");
            }
        } finally {
            for (RawWebSocket r : open) {
                r.close();
            }
        }
    }

    @Test
    void theHandshakeRateLimitsOneAddressAndNotAnother() throws Exception {
        Deployment d = server(RATE);
        int admitted = 0;
        RawWebSocket refused = null;
        for (int i = 0; i < 50 && refused == null; i++) {
            RawWebSocket r = RawWebSocket.connect(d.ws(i % 2 == 0 ? "/echo" : room()), Map.of(), "127.0.0.5");
            if (r.status() == 429) {
                refused = r;
            } else {
                assertEquals(101, r.status());
                admitted++;
                r.close();
            }
        }
        assertNotNull(refused, "50 handshakes in a row never hit 1 a second in bursts of 3");
        try (RawWebSocket r = refused) {
            assertTrue(admitted >= 3, "the burst admits 3: " + admitted);
            assertEquals("1", r.header("Retry-After"));
            assertTrue(r.body().contains("wskit.edge.maxHandshakesPerSecond"), r.body());
        }
        try (RawWebSocket other = RawWebSocket.connect(d.ws("/boards/b"), Map.of(), "127.0.0.6")) {
            assertEquals(101, other.status(), "another address has its own bucket");
        }
    }

    // ---- pings ----

    @Test
    void roomMembersArePingedAndOneThatNeverAnswersIsClosed() throws Exception {
        try (RawWebSocket silent = raw(server(PINGS).ws(room()))) {
            assertEquals(101, silent.status());
            silent.sendText("{\"type\":\"join\",\"nick\":\"silent\"}");
            int pings = 0;
            RawWebSocket.Frame f;
            while ((f = silent.read()).opcode() != 8) {
                if (f.opcode() == 9) {
                    pings++;
                    assertEquals(8, f.payload().length, "an 8-byte timestamp");
                }
            }
            // One per interval up to wskit.rooms.maxMissedPongs=3; fewer if a ping was still being sent when the next
            // was due (that counts as unanswered too).
            assertTrue(pings >= 1 && pings <= 3, "pings before the close: " + pings);
            assertEquals(1001, f.closeCode());
            assertTrue(f.closeReason().contains("wskit.rooms.maxMissedPongs"), f.closeReason());
        }
    }

    @Test
    void aMemberThatAnswersPingsStays() throws Exception {
        try (RawWebSocket alive = raw(server(PINGS).ws("/boards/" + room().substring(7)))) {
            assertEquals(101, alive.status());
            int pings = 0;
            while (pings < 8) {
                RawWebSocket.Frame f = alive.read();
                assertTrue(f.opcode() != 8, () -> "closed: " + f.closeCode() + " " + f.closeReason());
                if (f.opcode() == 9) {
                    pings++;
                    alive.sendPong(f.payload());
                }
            }
        }
    }
}
