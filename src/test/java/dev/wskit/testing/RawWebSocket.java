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
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare socket, for what a well-behaved client library will not do: send chosen or malformed
 * handshake headers, read an HTTP refusal, write a whole large message before reading anything, declare a frame
 * longer than it sends, or stop reading altogether so the server's sends back up. Frames are read only when the
 * test asks, with a small receive buffer.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0;
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

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
    private final Map<String, String> responseHeaders;
    private final String body;

    private RawWebSocket(Socket socket, int status, Map<String, String> responseHeaders, String body) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 65536));
        this.out = socket.getOutputStream();
        this.status = status;
        this.responseHeaders = responseHeaders;
        this.body = body;
    }

    /** Sends an upgrade request with {@code headers} added; the answer is in {@link #status()}. */
    public static RawWebSocket connect(URI ws, Map<String, String> headers) throws IOException {
        return connect(ws, headers, 4096);
    }

    /** As {@link #connect(URI, Map)}, with this socket receive buffer (small: the server's sends back up sooner). */
    public static RawWebSocket connect(URI ws, Map<String, String> headers, int receiveBuffer) throws IOException {
        return connect(ws, headers, receiveBuffer, null);
    }

    /**
     * As {@link #connect(URI, Map)}, from a chosen local address ({@code 127.0.0.2}: any 127/8 address is this
     * host), so a test can be two clients at once; {@code null} for any.
     */
    public static RawWebSocket connect(URI ws, Map<String, String> headers, String from) throws IOException {
        return connect(ws, headers, 4096, from);
    }

    private static RawWebSocket connect(URI ws, Map<String, String> headers, int receiveBuffer, String from)
            throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        List<String> lines = new ArrayList<>(List.of("Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)));
        headers.forEach((k, v) -> lines.add(k + ": " + v));
        return handshake(ws, lines, receiveBuffer, from);
    }

    /**
     * Sends an upgrade request with exactly these header lines besides Host, Upgrade and Connection (no
     * Sec-WebSocket-Version or -Key unless given), for handshakes a client library would not send.
     */
    public static RawWebSocket handshake(URI ws, List<String> headerLines, int receiveBuffer) throws IOException {
        return handshake(ws, headerLines, receiveBuffer, null);
    }

    private static RawWebSocket handshake(URI ws, List<String> headerLines, int receiveBuffer, String from)
            throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), (int) Recorder.WAIT.toMillis());
        socket.setSoTimeout((int) Recorder.WAIT.toMillis());
        String target = ws.getRawQuery() == null ? ws.getRawPath() : ws.getRawPath() + "?" + ws.getRawQuery();
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\n")
                .append("Host: ").append(ws.getHost()).append(':').append(ws.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        headerLines.forEach(line -> request.append(line).append("\r\n"));
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
        return new RawWebSocket(socket, status, responseHeaders, body);
    }

    public int status() {
        return status;
    }

    /** A response header of the handshake, by its name in any case; {@code null} when absent. */
    public String header(String name) {
        return responseHeaders.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The body of a refusal. */
    public String body() {
        return body;
    }

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBinary(byte[] payload) throws IOException {
        sendFrame(BINARY, true, payload);
    }

    /** Answers a ping: a pong frame with the ping's payload. */
    public void sendPong(byte[] payload) throws IOException {
        sendFrame(PONG, true, payload);
    }

    /** Sends one masked frame, final, with this opcode. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        sendFrame(opcode, true, payload);
    }

    /** Sends a ping; fails once the server has dropped the connection. */
    public void sendPing(byte[] payload) throws IOException {
        sendFrame(PING, true, payload);
    }

    /** Sends one masked frame, written in one go; it blocks while the server does not read. */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        byte[] mask = sendHeader(opcode, fin, payload.length);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        out.write(masked);
        out.flush();
    }

    /**
     * Writes only the header of a masked frame declaring {@code length} payload bytes, and returns its mask; the
     * payload follows with {@link #sendPayload}, or never.
     */
    public byte[] sendHeader(int opcode, boolean fin, long length) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            frame.write(0x80 | (int) length);
        } else if (length < 65536) {
            frame.write(0x80 | 126);
            frame.write((int) (length >> 8));
            frame.write((int) length);
        } else {
            frame.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) (length >> (8 * i)));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        out.write(frame.toByteArray());
        out.flush();
        return mask;
    }

    /** Writes {@code payload} as the bytes of a frame from {@code offset} on, masked with the frame's mask. */
    public void sendPayload(byte[] mask, long offset, byte[] payload) throws IOException {
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[(int) ((offset + i) & 3)]);
        }
        out.write(masked);
        out.flush();
    }

    /** Reads the next whole frame (server frames are unmasked); waits at most {@link Recorder#WAIT}. */
    public Frame read() throws IOException {
        return readFrame(null);
    }

    /** Reads the next data message, assembling its continuation frames and skipping control frames but close. */
    public Frame readMessage() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int opcode = -1;
        boolean[] fin = new boolean[1];
        while (true) {
            Frame f = readFrame(fin);
            if (f.opcode() == CLOSE) {
                return f;
            }
            if (f.opcode() >= 8) {
                continue; // ping or pong
            }
            if (opcode < 0) {
                opcode = f.opcode();
            }
            message.write(f.payload());
            if (fin[0]) {
                return new Frame(opcode, message.toByteArray());
            }
        }
    }

    /** One frame; its FIN bit goes to {@code fin[0]} when {@code fin} is given. */
    private Frame readFrame(boolean[] fin) throws IOException {
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
        if (fin != null) {
            fin[0] = (b0 & 0x80) != 0;
        }
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
