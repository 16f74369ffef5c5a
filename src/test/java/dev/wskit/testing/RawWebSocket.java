package dev.wskit.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare socket, for what a well-behaved client library will not do: send chosen handshake
 * headers (Origin), read an HTTP refusal, or stop reading altogether so the server's sends back up. Frames are read
 * only when the test asks, with a small receive buffer.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class RawWebSocket implements AutoCloseable {

    /** A frame as received: opcode and unmasked payload. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int status;
    private final String body;
    private final Map<String, String> responseHeaders;

    private RawWebSocket(Socket socket, int status, String body, Map<String, String> responseHeaders) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
        this.body = body;
        this.responseHeaders = responseHeaders;
    }

    /** Sends an upgrade request with {@code headers} added; the answer is in {@link #status()}. */
    public static RawWebSocket connect(URI ws, Map<String, String> headers) throws IOException {
        return connect(ws, headers, null);
    }

    /**
     * As {@link #connect(URI, Map)}, from a chosen local address ({@code 127.0.0.2}: any 127/8 address is this
     * host), so a test can be two clients at once; {@code null} for any.
     */
    public static RawWebSocket connect(URI ws, Map<String, String> headers, String from) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), (int) Recorder.WAIT.toMillis());
        socket.setSoTimeout((int) Recorder.WAIT.toMillis());
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET " + ws.getRawPath()
                        + (ws.getRawQuery() == null ? "" : "?" + ws.getRawQuery()) + " HTTP/1.1\r\n")
                .append("Host: ").append(ws.getHost()).append(':').append(ws.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        InputStream raw = socket.getInputStream();
        String head = readHead(raw);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                responseHeaders.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        String body = "";
        if (status != 101 && responseHeaders.containsKey("content-length")) {
            byte[] b = new DataInputStream(raw).readNBytes(Integer.parseInt(responseHeaders.get("content-length")));
            body = new String(b, StandardCharsets.UTF_8);
        }
        return new RawWebSocket(socket, status, body, responseHeaders);
    }

    /** A header of the HTTP answer, by case-insensitive name; {@code null} when absent. */
    public String header(String name) {
        return responseHeaders.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public int status() {
        return status;
    }

    /** The body of a refusal. */
    public String body() {
        return body;
    }

    public void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers a ping: a pong frame with the ping's payload. */
    public void sendPong(byte[] payload) throws IOException {
        sendFrame(0xA, payload);
    }

    /** Sends one masked frame, final, with this opcode. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >> (8 * i)));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads the next whole frame (server frames are unmasked); waits at most {@link Recorder#WAIT}. */
    public Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, payload);
    }

    /** Reads, discarding data frames, until the close frame. */
    public Frame readUntilClose() throws IOException {
        while (true) {
            Frame f = read();
            if (f.opcode() == 8) {
                return f;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.write(c);
            matched = (c == '\r' || c == '\n') && (matched % 2 == 0) == (c == '\r') ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
