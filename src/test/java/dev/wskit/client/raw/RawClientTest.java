package dev.wskit.client.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The raw client against a scripted server on a socket: the handshake and its checks, masked frames out, fragments,
 * pings and closes in, and frames that break RFC 6455. The server side reads the client's frames itself.
 */
class RawClientTest {

    private ServerSocket server;
    private RawClient client;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        client = new RawClient(new RawClient.Settings(List.of(Map.entry("X-Bench", "yes")), Duration.ofSeconds(5), 4));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    /** Records every listener call as one line; the client's connection is kept for sends. */
    private final class Recording implements RawClient.Listener {
        volatile RawConnection connection;

        @Override
        public void opened(RawConnection c) {
            connection = c;
            events.add("opened");
        }

        @Override
        public void failed(RawConnection c, Exception failure) {
            events.add("failed " + failure.getClass().getSimpleName() + " " + failure.getMessage()
                    + (failure instanceof RawClient.Refused r ? " " + r.status() + " " + r.body() : ""));
        }

        @Override
        public void data(RawConnection c, boolean text, ByteBuffer chunk, boolean last) {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            events.add((text ? "text " : "binary ") + new String(b, StandardCharsets.UTF_8) + (last ? " (last)" : ""));
        }

        @Override
        public void closed(RawConnection c, int code, String reason) {
            events.add("closed " + code + " " + reason);
        }
    }

    private String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no event within 10 s");
        return e;
    }

    private Recording connect() {
        Recording r = new Recording();
        client.connect(URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/echo?x=1"), null, System.nanoTime(), r);
        return r;
    }

    /** Reads the request head and answers 101 with the right accept key; returns the head. */
    private static String upgrade(Socket s) throws Exception {
        String head = head(s.getInputStream());
        String key = head.lines().filter(l -> l.startsWith("Sec-WebSocket-Key:")).findFirst().orElseThrow().substring(18).trim();
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return head;
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("end of stream in the request head");
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** An unmasked server frame. */
    private static byte[] frame(int firstByte, byte[] payload) {
        ByteBuffer f = ByteBuffer.allocate(10 + payload.length).put((byte) firstByte);
        if (payload.length < 126) {
            f.put((byte) payload.length);
        } else {
            f.put((byte) 126).putShort((short) payload.length);
        }
        return java.util.Arrays.copyOf(f.put(payload).array(), f.position());
    }

    /** Reads one client frame, checks it is masked and final, and returns opcode and unmasked payload. */
    private static Map.Entry<Integer, byte[]> clientFrame(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int b0 = d.readUnsignedByte();
        int b1 = d.readUnsignedByte();
        assertTrue((b0 & 0x80) != 0, "final");
        assertTrue((b1 & 0x80) != 0, "client frames are masked");
        int len = b1 & 0x7f;
        long length = len == 126 ? d.readUnsignedShort() : len == 127 ? d.readLong() : len;
        byte[] mask = d.readNBytes(4);
        byte[] payload = d.readNBytes((int) length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return Map.entry(b0 & 0x0f, payload);
    }

    @Test
    void handshakeCarriesPathQueryAndHeadersAndMasksEveryFrame() throws Exception {
        Recording r = connect();
        try (Socket s = server.accept()) {
            String head = upgrade(s);
            assertTrue(head.startsWith("GET /echo?x=1 HTTP/1.1\r\n"), head);
            assertTrue(head.contains("\r\nX-Bench: yes\r\n"), head);
            assertEquals("opened", next());
            byte[] big = new byte[70_000];
            java.util.Arrays.fill(big, (byte) 7);
            client.execute(() -> {
                r.connection.send(true, 5, into -> into.put("hello".getBytes(StandardCharsets.US_ASCII)));
                r.connection.send(false, big.length, into -> into.put(big));
                r.connection.send(false, 13, into -> into.put("odd length!!!".getBytes(StandardCharsets.US_ASCII)));
            });
            Map.Entry<Integer, byte[]> text = clientFrame(s.getInputStream());
            assertEquals(1, text.getKey());
            assertEquals("hello", new String(text.getValue(), StandardCharsets.US_ASCII));
            Map.Entry<Integer, byte[]> binary = clientFrame(s.getInputStream());
            assertEquals(2, binary.getKey());
            assertArrayEquals(big, binary.getValue());
            assertEquals("odd length!!!", new String(clientFrame(s.getInputStream()).getValue(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void fragmentsArriveInOrderPingsAreAnsweredAndACloseIsReturned() throws Exception {
        connect();
        try (Socket s = server.accept()) {
            upgrade(s);
            assertEquals("opened", next());
            OutputStream out = s.getOutputStream();
            out.write(frame(0x01, "frag".getBytes(StandardCharsets.US_ASCII)));          // text, not final
            out.write(frame(0x89, "are you there".getBytes(StandardCharsets.US_ASCII))); // ping between fragments
            out.write(frame(0x80, "mented".getBytes(StandardCharsets.US_ASCII)));        // continuation, final
            out.write(frame(0x82, new byte[0]));                                          // empty binary message
            out.flush();
            assertEquals("text frag", next());
            assertEquals("text mented (last)", next());
            assertEquals("binary  (last)", next());
            Map.Entry<Integer, byte[]> pong = clientFrame(s.getInputStream());
            assertEquals(10, pong.getKey());
            assertEquals("are you there", new String(pong.getValue(), StandardCharsets.US_ASCII));
            out.write(frame(0x88, ByteBuffer.allocate(6).putShort((short) 4002).put("done".getBytes(StandardCharsets.US_ASCII)).array()));
            out.flush();
            assertEquals("closed 4002 done", next());
            Map.Entry<Integer, byte[]> close = clientFrame(s.getInputStream());
            assertEquals(8, close.getKey());
            assertEquals(4002, ByteBuffer.wrap(close.getValue()).getShort());
        }
    }

    @Test
    void aMaskedServerFrameIsAProtocolError() throws Exception {
        connect();
        try (Socket s = server.accept()) {
            upgrade(s);
            assertEquals("opened", next());
            s.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x'});
            s.getOutputStream().flush();
            assertEquals("closed 1002 masked frame from the server", next());
            Map.Entry<Integer, byte[]> close = clientFrame(s.getInputStream());
            assertEquals(8, close.getKey());
            assertEquals(1002, ByteBuffer.wrap(close.getValue()).getShort());
        }
    }

    @Test
    void aWrongAcceptKeyFailsTheConnect() throws Exception {
        connect();
        try (Socket s = server.accept()) {
            head(s.getInputStream());
            s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: bm90IHRoZSBrZXk=\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("failed IOException 101 without a valid Upgrade/Sec-WebSocket-Accept", next());
        }
    }

    @Test
    void aRefusalCarriesItsStatusAndBody() throws Exception {
        connect();
        try (Socket s = server.accept()) {
            head(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 23\r\n\r\nrepeat".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write(" must be 1 to 100".getBytes(StandardCharsets.US_ASCII)); // the body's rest in a later packet
            out.flush();
            assertEquals("failed Refused HTTP 400 400 repeat must be 1 to 100", next());
        }
    }

    @Test
    void silenceAfterConnectTimesOut() throws Exception {
        client.close();
        client = new RawClient(new RawClient.Settings(List.of(), Duration.ofMillis(300), 4));
        connect();
        try (Socket s = server.accept()) {
            String e = next();
            assertTrue(e.startsWith("failed SocketTimeoutException"), e);
        }
    }
}
