package dev.wskit.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.Clients;
import dev.wskit.testing.Deployment;
import dev.wskit.testing.RawWebSocket;
import dev.wskit.testing.Recorder;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What /echo and /inspect promise, against any running wskit: subclasses say where it runs (embedded Jetty, the
 * Jetty distribution, Tomcat) through {@link #server()}. Clients are the Jetty Jakarta client and java.net.http.
 */
public abstract class EchoContract {

    static final int SIXTEEN_MIB = 16 * 1024 * 1024;

    /** Where the wskit under test listens. */
    protected abstract Deployment server();

    @Test
    void echoesTextAsText() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/echo"));
        session.getBasicRemote().sendText("Hello WebSockets!");
        assertEquals("Hello WebSockets!", client.nextText());
        session.close();
        client.assertClosed(1000, "");
        client.assertNoErrors();
    }

    @Test
    void echoesEmptyTextAndEmptyBinary() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/echo"));
        session.getBasicRemote().sendText("");
        assertEquals("", client.nextText());
        session.getBasicRemote().sendBinary(ByteBuffer.allocate(0));
        assertEquals(0, client.nextBinary().length);
        session.close();
        client.assertNoErrors();
    }

    @Test
    void echoesBinaryAsBinaryByteForByte() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/echo"));
        byte[] payload = random(70_000, 1);
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(payload));
        assertArrayEquals(payload, client.nextBinary());
        assertTrue(client.texts.isEmpty(), "binary must not come back as text");
        session.close();
        client.assertNoErrors();
    }

    @Test
    void echoesSixteenMebibyteMessagesOfBothTypes() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/echo"));
        byte[] payload = random(SIXTEEN_MIB, 2);
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(payload));
        assertArrayEquals(payload, client.nextBinary());

        String text = multilingualText(SIXTEEN_MIB);
        assertEquals(SIXTEEN_MIB, text.getBytes(StandardCharsets.UTF_8).length);
        session.getBasicRemote().sendText(text);
        assertEquals(text, client.nextText());
        session.close();
        client.assertNoErrors();
    }

    @Test
    void echoesFragmentedMessagesWhole() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/echo"));
        session.getBasicRemote().sendText("frag", false);
        session.getBasicRemote().sendText("mented ", false);
        session.getBasicRemote().sendText("😀 text", true);
        assertEquals("fragmented 😀 text", client.nextText());
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), false);
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {3}), true);
        assertArrayEquals(new byte[] {1, 2, 3}, client.nextBinary());
        session.close();
        client.assertNoErrors();
    }

    @Test
    void closesWithTooBigWhenTextExceedsLimitAndKeepsServingOthers() throws Exception {
        Recorder bystander = new Recorder();
        Session other = Clients.connect(bystander, server().ws("/echo"));
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/echo"));
        session.getBasicRemote().sendText("x".repeat(SIXTEEN_MIB + 1));
        client.assertClosed(1009, "16777216");
        other.getBasicRemote().sendText("still here");
        assertEquals("still here", bystander.nextText());
        other.close();
        bystander.assertNoErrors();
    }

    @Test
    void closesWithTooBigWhenBinaryExceedsLimit() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/echo"));
        session.getBasicRemote().sendBinary(ByteBuffer.allocate(SIXTEEN_MIB + 1));
        client.assertClosed(1009, "wskit.echo.maxBinaryMessageSize");
    }

    @Test
    void repeatsEachMessageTheRequestedNumberOfTimes() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/echo?repeat=3"));
        session.getBasicRemote().sendText("again");
        for (int i = 0; i < 3; i++) {
            assertEquals("again", client.nextText());
        }
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {9, 8}));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new byte[] {9, 8}, client.nextBinary());
        }
        session.close();
        client.assertNoErrors();
    }

    @Test
    void closesWithChosenCodeAndReasonAfterNMessages() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/echo?closeAfter=2&closeCode=4001&closeReason=bye%20now"));
        session.getBasicRemote().sendText("one");
        session.getBasicRemote().sendText("two");
        assertEquals("one", client.nextText());
        assertEquals("two", client.nextText());
        client.assertClosed(4001, "bye now");
        client.assertNoErrors();
    }

    @Test
    void delaysEachReply() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/echo?delay=300"));
        long start = System.nanoTime();
        session.getBasicRemote().sendText("slow");
        assertEquals("slow", client.nextText());
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMillis >= 300, "reply came after " + elapsedMillis + " ms, before the 300 ms delay");
        session.close();
        client.assertNoErrors();
    }

    @Test
    void pingsAtTheRequestedInterval() throws Exception {
        // The Jakarta client answers pings without showing them, so watch with java.net.http, which does show them.
        BlockingQueue<ByteBuffer> pings = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(server().ws("/echo?pingInterval=100"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                        pings.add(message);
                        return WebSocket.Listener.super.onPing(webSocket, message);
                    }
                }).get(20, TimeUnit.SECONDS);
        // Judged by the server's own timestamps in the payloads, not by arrival times, which a busy client JVM skews.
        long previous = 0;
        for (int i = 0; i < 3; i++) {
            ByteBuffer ping = pings.poll(20, TimeUnit.SECONDS);
            assertTrue(ping != null, "ping " + (i + 1) + " did not arrive");
            assertEquals(Long.BYTES, ping.remaining(), "a ping carries the server's timestamp");
            long stamp = ping.getLong(ping.position());
            if (i > 0) {
                assertTrue(stamp - previous >= 95, "ping " + (i + 1) + " stamped " + (stamp - previous) + " ms after the one before");
            }
            previous = stamp;
        }
        ws.sendClose(1000, "done").get(20, TimeUnit.SECONDS);
    }

    @Test
    void pingsKeepComingWhileAnotherPingedConnectionStopsReading() throws Exception {
        // A client that reads nothing (java.net.http without demand) and sends 32 MiB: its echo backs up in the
        // server, whose sends to it then block. Another connection's pings must not wait for that one.
        WebSocket stalled = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(server().ws("/echo?pingInterval=100"), new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket webSocket) {
                        // No request(n): nothing is ever read from this connection.
                    }
                }).get(20, TimeUnit.SECONDS);
        try {
            byte[] payload = random(SIXTEEN_MIB, 3);
            stalled.sendBinary(ByteBuffer.wrap(payload), true)
                    .thenCompose(ws -> ws.sendBinary(ByteBuffer.wrap(payload), true));

            BlockingQueue<ByteBuffer> pings = new LinkedBlockingQueue<>();
            WebSocket watcher = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(server().ws("/echo?pingInterval=100"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                            pings.add(message);
                            return WebSocket.Listener.super.onPing(webSocket, message);
                        }
                    }).get(20, TimeUnit.SECONDS);
            // 20 pings at 100 ms: long enough for the stalled connection to have filled every buffer on the way.
            for (int i = 0; i < 20; i++) {
                assertTrue(pings.poll(10, TimeUnit.SECONDS) != null,
                        "ping " + (i + 1) + " did not come within 10 s while another connection was stalled");
            }
            watcher.sendClose(1000, "done").get(20, TimeUnit.SECONDS);
        } finally {
            stalled.abort();
        }
    }

    @Test
    void aClientThatWritesSixteenMebibytesBeforeReadingGetsThemBackByteForByte() throws Exception {
        // The way simple clients work: write the whole message, then read. An echo that streamed back while the
        // client was still writing, and waited for it to read, would deadlock both sides.
        byte[] binary = EchoContract.random(SIXTEEN_MIB, 11);
        String text = EchoContract.multilingualText(SIXTEEN_MIB);
        try (RawWebSocket ws = RawWebSocket.connect(server().ws("/echo"), Map.of())) {
            assertEquals(101, ws.status());
            ws.sendBinary(binary); // one frame, written whole before anything is read
            RawWebSocket.Frame echo = ws.readMessage();
            assertEquals(RawWebSocket.BINARY, echo.opcode());
            assertArrayEquals(binary, echo.payload());

            ws.sendText(text);
            echo = ws.readMessage();
            assertEquals(RawWebSocket.TEXT, echo.opcode());
            assertEquals(text, echo.text());
        }
    }

    @Test
    void malformedKeysAreRefusedWith400AndAReason() throws Exception {
        java.net.URI echo = server().ws("/echo");
        for (List<String> headers : List.of(
                List.of("Sec-WebSocket-Version: 13"),
                List.of("Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: not a key at all!!!!!!!!"),
                List.of("Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA"), // 15 bytes
                List.of("Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA"), // 16, unpadded
                List.of("Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAAAAAAA="), // 20
                List.of("Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="))) {
            try (RawWebSocket ws = RawWebSocket.handshake(echo, headers, 65536)) {
                assertEquals(400, ws.status(), headers.toString());
                assertTrue(ws.body().contains("Sec-WebSocket-Key"), ws.body());
            }
        }
        try (RawWebSocket ws = RawWebSocket.handshake(echo,
                List.of("Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="), 65536)) {
            assertEquals(101, ws.status(), "RFC 6455's own example key");
        }
    }

    @Test
    void otherVersionsAreRefusedWith426AndTheVersionThisServerSpeaks() throws Exception {
        String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";
        for (String path : List.of("/echo", "/inspect", "/rooms/lobby", "/boards/sketch")) {
            for (List<String> headers : List.of(List.of(key), List.of(key, "Sec-WebSocket-Version: 8"),
                    List.of(key, "Sec-WebSocket-Version: 14"))) {
                try (RawWebSocket ws = RawWebSocket.handshake(server().ws(path), headers, 65536)) {
                    assertEquals(426, ws.status(), path + " " + headers);
                    assertEquals("13", ws.header("Sec-WebSocket-Version"), path + " " + headers);
                    assertTrue(ws.body().contains("version 13"), ws.body());
                }
            }
        }
    }

    @Test
    void refusesBadKnobsWithHttp400NamingTheParameter() throws Exception {
        HttpResponse<String> response = upgrade("/echo?delay=-5");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("delay must be between 0 and 60000"), response.body());

        response = upgrade("/echo?closeCode=1006&closeAfter=1");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("closeCode 1006"), response.body());

        response = upgrade("/echo?dealy=5");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("unknown parameter 'dealy'"), response.body());
    }

    @Test
    void jakartaClientSeesRefusedUpgradeAsHttp400NamingTheParameter() throws Exception {
        Recorder client = new Recorder();
        AssertionError refused = assertThrows(AssertionError.class, () -> Clients.connect(client, server().ws("/echo?repeat=0")));
        assertTrue(causes(refused).contains("400"), "the client must see the 400, not another failure: " + causes(refused));
        assertFalse(client.opened.isDone(), "no session may open");
        // The Jakarta client API does not expose the response body; the same request read as HTTP does.
        HttpResponse<String> response = upgrade("/echo?repeat=0");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("repeat must be between 1 and 100"), response.body());
    }

    private static String causes(Throwable t) {
        StringBuilder chain = new StringBuilder();
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            chain.append(c).append(" <- ");
        }
        return chain.toString();
    }

    @Test
    void answersPlainHttpGetWithHumanReadableText() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server().http("/echo")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(426, response.statusCode());
        assertTrue(response.body().contains("This is a WebSocket endpoint"), response.body());
        assertEquals("websocket", response.headers().firstValue("Upgrade").orElse(""));
    }

    @Test
    void selectsTheFirstOfferedSubprotocol() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/echo"), List.of("chat.v2", "chat.v1"));
        assertEquals("chat.v2", session.getNegotiatedSubprotocol());
        session.close();
        client.assertNoErrors();
    }

    @Test
    void negotiatesPermessageDeflateWhenOffered() throws Exception {
        Recorder client = new Recorder();
        Extension deflate = new Extension() {
            @Override
            public String getName() {
                return "permessage-deflate";
            }

            @Override
            public List<Parameter> getParameters() {
                return List.of();
            }
        };
        Session session = Clients.connect(client, server().ws("/echo"),
                ClientEndpointConfig.Builder.create().extensions(List.of(deflate)).build());
        assertTrue(session.getNegotiatedExtensions().stream().anyMatch(x -> x.getName().equals("permessage-deflate")),
                "negotiated: " + session.getNegotiatedExtensions());
        String text = "compressible ".repeat(10_000);
        session.getBasicRemote().sendText(text);
        assertEquals(text, client.nextText());
        session.close();
        client.assertNoErrors();
    }

    @Test
    void inspectDescribesTheHandshakeThenEchoes() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server().ws("/inspect?repeat=1"),
                ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("probe")).build());
        String json = client.nextText();
        assertTrue(json.contains("\"type\":\"handshake\""), json);
        assertTrue(json.contains("\"remoteAddress\":\"127.0.0.1\""), json);
        assertTrue(json.contains("\"repeat\":[\"1\"]"), json);
        assertTrue(json.contains("\"negotiated\":\"probe\""), json);
        assertTrue(json.toLowerCase().contains("\"sec-websocket-key\""), json);
        assertTrue(json.contains("\"name\":\"wskit\""), json);
        session.getBasicRemote().sendText("then echo");
        assertEquals("then echo", client.nextText());
        session.close();
        client.assertNoErrors();
    }

    private HttpResponse<String> upgrade(String path) throws Exception {
        // java.net.http refuses to set Upgrade itself, so use its WebSocket builder and read the failure.
        try {
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(server().ws(path), new WebSocket.Listener() { }).join();
            throw new AssertionError("upgrade to " + path + " should have been refused");
        } catch (CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                @SuppressWarnings("unchecked")
                HttpResponse<String> r = (HttpResponse<String>) (HttpResponse<?>) h.getResponse();
                return r;
            }
            throw e;
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Exactly {@code bytes} UTF-8 bytes mixing 1-, 2-, 3- and 4-byte characters. */
    static String multilingualText(int bytes) {
        String[] pieces = {"a", "é", "中", "😀"};
        StringBuilder sb = new StringBuilder(bytes);
        int size = 0;
        int i = 0;
        while (size < bytes) {
            String p = pieces[i++ % pieces.length];
            int n = p.getBytes(StandardCharsets.UTF_8).length;
            if (size + n > bytes) {
                p = "a";
                n = 1;
            }
            sb.append(p);
            size += n;
        }
        return sb.toString();
    }
}
