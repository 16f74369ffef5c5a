package dev.wskit.client.raw;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a {@link RawClient}: the HTTP upgrade (checking the server's {@code Sec-WebSocket-Accept}), then
 * frames. Incoming frames are parsed from the client's shared read buffer; data payload goes to the listener as it
 * arrives, pings are answered, a close is answered and ends the connection; a frame that breaks RFC 6455 (masked,
 * reserved bits, bad opcode, a control frame over 125 bytes or fragmented, a continuation without a message) closes
 * it with 1002. Outgoing frames are written, masked, into one growing buffer that the client flushes once per round.
 *
 * <p>Threading: confined to the client's thread.
 */
public final class RawConnection {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_RESPONSE_HEAD = 16 * 1024;
    private static final int MAX_REFUSAL_BODY = 4 * 1024;
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private enum State { NEW, CONNECTING, HANDSHAKE, OPEN, CLOSING, CLOSED }

    /** Writes a message's payload into the buffer at its position; it must write exactly the length announced. */
    public interface PayloadWriter {
        void write(ByteBuffer into);
    }

    private final RawClient client;
    private final URI uri;
    private final InetSocketAddress local;
    private final RawClient.Listener listener;
    private SocketChannel channel;
    private SelectionKey key;
    private State state = State.NEW;
    private String secKey;
    /** The handshake response while it arrives. */
    private ByteBuffer response;
    private int refusalStatus;
    private int refusalBodyLength;
    private int refusalBodyStart;
    private ByteBuffer out = ByteBuffer.allocateDirect(1024);
    private boolean dirty;

    // Frame parser state.
    private final byte[] header = new byte[14];
    private int headerHave;
    private int headerNeed = 2;
    private boolean inPayload;
    private long payloadLeft;
    private int opcode;
    private boolean fin;
    /** The data message in progress: 0 none, 1 text, 2 binary. */
    private int message;
    private final ByteBuffer control = ByteBuffer.allocate(125);

    RawConnection(RawClient client, URI uri, InetSocketAddress local, RawClient.Listener listener) {
        this.client = client;
        this.uri = uri;
        this.local = local;
        this.listener = listener;
    }

    /** Starts the TCP connect; the handshake follows. */
    void start() {
        state = State.CONNECTING;
        client.schedule(client.settings.connectTimeout().toNanos(), () -> {
            if (state.ordinal() < State.OPEN.ordinal()) {
                fail(new SocketTimeoutException("connect timeout"));
            }
        });
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (local != null) {
                channel.bind(local);
            }
            String host = uri.getHost();
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            key = channel.register(client.selector, SelectionKey.OP_CONNECT, this);
            if (channel.connect(new InetSocketAddress(host, port))) {
                connected();
            }
        } catch (IOException | RuntimeException e) {
            fail(e instanceof java.nio.channels.UnresolvedAddressException ? new java.net.UnknownHostException(uri.getHost()) : e);
        }
    }

    void ready(SelectionKey k) {
        try {
            if (!k.isValid()) {
                return;
            }
            if (k.isConnectable()) {
                if (channel.finishConnect()) {
                    connected();
                }
                return;
            }
            if (k.isWritable()) {
                flush();
            }
            if (k.isValid() && k.isReadable()) {
                read();
            }
        } catch (IOException e) {
            if (state.ordinal() < State.OPEN.ordinal()) {
                fail(e);
            } else {
                ended(1006, String.valueOf(e.getMessage()));
            }
        }
    }

    private void connected() throws IOException {
        state = State.HANDSHAKE;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        secKey = Base64.getEncoder().encodeToString(nonce);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        StringBuilder request = new StringBuilder(256).append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(uri.getPort() > 0 ? ":" + uri.getPort() : "").append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ").append(secKey).append("\r\n");
        for (Map.Entry<String, String> h : client.settings.headers()) {
            request.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        request.append("\r\n");
        byte[] bytes = request.toString().getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        out.put(bytes);
        response = ByteBuffer.allocate(1024);
        key.interestOps(SelectionKey.OP_READ);
        flush();
    }

    private void read() throws IOException {
        if (state == State.HANDSHAKE) {
            readResponse();
            return;
        }
        ByteBuffer in = client.readBuffer;
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
            ended(1006, "end of stream");
            return;
        }
        in.flip();
        parse(in);
    }

    private void readResponse() throws IOException {
        if (!response.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_RESPONSE_HEAD + MAX_REFUSAL_BODY, response.capacity() * 2));
            response.flip();
            bigger.put(response);
            response = bigger;
        }
        int n = channel.read(response);
        if (refusalStatus != 0) {
            if (n < 0 || response.position() - refusalBodyStart >= refusalBodyLength || !response.hasRemaining()) {
                refuse();
            }
            return;
        }
        if (n < 0) {
            fail(new EOFException("closed during the handshake"));
            return;
        }
        byte[] a = response.array();
        int end = -1;
        for (int i = 3; i < response.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                end = i + 1;
                break;
            }
        }
        if (end < 0) {
            if (response.position() >= MAX_RESPONSE_HEAD) {
                fail(new IOException("handshake response head over " + MAX_RESPONSE_HEAD + " bytes"));
            }
            return;
        }
        String[] lines = new String(a, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].matches("\\d{3}")) {
            fail(new IOException("not an HTTP response: " + lines[0]));
            return;
        }
        int code = Integer.parseInt(status[1]);
        String accept = null;
        String upgrade = null;
        int contentLength = 0;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "sec-websocket-accept" -> accept = value;
                case "upgrade" -> upgrade = value;
                case "content-length" -> contentLength = value.matches("\\d{1,9}") ? Integer.parseInt(value) : 0;
                default -> { }
            }
        }
        if (code != 101) {
            refusalStatus = code;
            refusalBodyStart = end;
            refusalBodyLength = Math.min(contentLength, MAX_REFUSAL_BODY);
            if (response.position() - end >= refusalBodyLength) {
                refuse();
            }
            return;
        }
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket") || !expectedAccept().equals(accept)) {
            fail(new IOException("101 without a valid Upgrade/Sec-WebSocket-Accept"));
            return;
        }
        state = State.OPEN;
        client.handshaking--;
        ByteBuffer rest = ByteBuffer.wrap(a, end, response.position() - end);
        response = null;
        listener.opened(this);
        if (rest.hasRemaining() && state == State.OPEN) {
            parse(rest);
        }
    }

    private void refuse() {
        int length = Math.max(0, Math.min(refusalBodyLength, response.position() - refusalBodyStart));
        String body = new String(response.array(), refusalBodyStart, length, StandardCharsets.UTF_8);
        fail(new RawClient.Refused(refusalStatus, body));
    }

    private String expectedAccept() {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((secKey + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void parse(ByteBuffer in) {
        while (in.hasRemaining() && state.ordinal() <= State.CLOSING.ordinal()) {
            if (!inPayload) {
                while (headerHave < headerNeed && in.hasRemaining()) {
                    header[headerHave++] = in.get();
                }
                if (headerHave < headerNeed) {
                    return;
                }
                if (headerHave == 2) {
                    int len = header[1] & 0x7f;
                    if ((header[1] & 0x80) != 0) {
                        protocolError("masked frame from the server");
                        return;
                    }
                    headerNeed = len == 126 ? 4 : len == 127 ? 10 : 2;
                    if (headerHave < headerNeed) {
                        continue;
                    }
                }
                if (!frameStart()) {
                    return;
                }
                if (payloadLeft == 0) {
                    frameEnd(in.slice(in.position(), 0));
                    continue;
                }
            }
            int n = (int) Math.min(payloadLeft, in.remaining());
            ByteBuffer chunk = in.slice(in.position(), n);
            in.position(in.position() + n);
            payloadLeft -= n;
            if (opcode >= 8) {
                control.put(chunk);
                if (payloadLeft == 0) {
                    frameEnd(null);
                }
            } else if (payloadLeft == 0) {
                frameEnd(chunk);
            } else {
                listener.data(this, message == 1, chunk, false);
            }
        }
    }

    /** The header is complete: checks it and sets up for the payload. False if the connection is being closed. */
    private boolean frameStart() {
        int b0 = header[0] & 0xff;
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0f;
        int len = header[1] & 0x7f;
        payloadLeft = len == 126 ? ((header[2] & 0xff) << 8 | (header[3] & 0xff))
                : len == 127 ? ByteBuffer.wrap(header, 2, 8).getLong() : len;
        headerHave = 0;
        headerNeed = 2;
        inPayload = true;
        if ((b0 & 0x70) != 0) {
            return protocolError("reserved bits set without an extension");
        }
        if (payloadLeft < 0) {
            return protocolError("negative frame length");
        }
        if (opcode >= 8) {
            if (opcode > 10 || !fin || payloadLeft > 125) {
                return protocolError(opcode > 10 ? "unknown opcode " + opcode : "fragmented or oversized control frame");
            }
            control.clear();
        } else if (opcode == 0) {
            if (message == 0) {
                return protocolError("continuation frame without a message");
            }
        } else if (opcode <= 2) {
            if (message != 0) {
                return protocolError("new message before the last one ended");
            }
            message = opcode;
        } else {
            return protocolError("unknown opcode " + opcode);
        }
        return true;
    }

    /** The frame's last payload bytes arrived ({@code chunk}: a data frame's last part, possibly empty). */
    private void frameEnd(ByteBuffer chunk) {
        inPayload = false;
        if (opcode < 8) {
            boolean text = message == 1;
            if (fin) {
                message = 0;
            }
            listener.data(this, text, chunk, fin);
            return;
        }
        control.flip();
        if (opcode == 9 && state == State.OPEN) {
            ByteBuffer ping = control;
            send(10, ping.remaining(), into -> into.put(ping));
        } else if (opcode == 8) {
            int code = control.remaining() >= 2 ? control.getShort() & 0xffff : 1005;
            String reason = StandardCharsets.UTF_8.decode(control).toString();
            if (state == State.OPEN) {
                sendClose(code == 1005 ? 1000 : code, "");
            }
            ended(code, reason);
        }
    }

    private boolean protocolError(String why) {
        close(1002, why);
        ended(1002, why);
        return false;
    }

    /** Sends a text or binary message of {@code length} bytes that {@code writer} writes. */
    public void send(boolean text, int length, PayloadWriter writer) {
        if (state == State.OPEN) {
            send(text ? 1 : 2, length, writer);
        }
    }

    /** Starts the close handshake with {@code code}; the connection ends when the server answers, or after 2 s. */
    public void close(int code, String reason) {
        if (state == State.OPEN) {
            sendClose(code, reason);
            client.schedule(CLOSE_WAIT_NANOS, () -> ended(1006, "no close frame in time"));
        } else if (state.ordinal() < State.OPEN.ordinal()) {
            abort();
        }
    }

    private void sendClose(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(r.length, 123);
        send(8, 2 + n, into -> into.putShort((short) code).put(r, 0, n));
        state = State.CLOSING;
    }

    private void send(int op, int length, PayloadWriter writer) {
        ensure(14 + length);
        out.put((byte) (0x80 | op));
        if (length < 126) {
            out.put((byte) (0x80 | length));
        } else if (length < 65536) {
            out.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            out.put((byte) (0x80 | 127)).putLong(length);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        out.putInt(mask);
        int start = out.position();
        writer.write(out);
        if (out.position() - start != length) {
            throw new IllegalStateException("payload writer wrote " + (out.position() - start) + " bytes instead of " + length);
        }
        long mask8 = (mask & 0xffffffffL) << 32 | (mask & 0xffffffffL);
        int i = start;
        for (int end8 = start + (length & ~7); i < end8; i += 8) {
            out.putLong(i, out.getLong(i) ^ mask8);
        }
        for (; i < start + length; i++) {
            out.put(i, (byte) (out.get(i) ^ (mask >>> (8 * (3 - ((i - start) & 3))))));
        }
        if (!dirty) {
            dirty = true;
            client.dirty(this);
        }
    }

    private void ensure(int n) {
        if (out.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(out.capacity() * 2, out.position() + n));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }

    /** Writes what is waiting; what the socket does not take now waits for OP_WRITE. */
    void flush() {
        dirty = false;
        if (channel == null || !channel.isOpen() || out.position() == 0) {
            return;
        }
        try {
            out.flip();
            channel.write(out);
            out.compact();
            if (key.isValid() && state != State.CONNECTING) {
                key.interestOps(out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            out.clear();
            if (state.ordinal() < State.OPEN.ordinal()) {
                fail(e);
            } else {
                ended(1006, String.valueOf(e.getMessage()));
            }
        }
    }

    private void fail(Exception failure) {
        if (state == State.CLOSED) {
            return;
        }
        if (state.ordinal() >= State.CONNECTING.ordinal() && state.ordinal() < State.OPEN.ordinal()) {
            client.handshaking--;
        }
        state = State.CLOSED;
        closeChannel();
        listener.failed(this, failure);
    }

    private void ended(int code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeChannel();
        listener.closed(this, code, reason);
    }

    /** Closes the channel at once, without telling the listener (the client is shutting down) if already closed. */
    void abort() {
        if (state.ordinal() >= State.OPEN.ordinal()) {
            ended(1006, "client stopped");
        } else if (state != State.NEW) {
            fail(new IOException("client stopped"));
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                if (channel.isConnected() && out.position() > 0) {
                    out.flip();
                    channel.write(out); // best effort: a close frame we queued just now
                }
            } catch (IOException e) {
                // Already gone.
            }
            try {
                channel.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
    }
}
