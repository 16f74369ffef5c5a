package dev.wskit.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * A misbehaving server on 127.0.0.1 and a port the OS chooses: it reads the client's request head, then answers
 * according to its {@link Behaviour}. For the failures wskit itself never produces. Serves connections on its own
 * daemon thread until closed.
 */
public final class BrokenServer implements AutoCloseable {

    public enum Behaviour {
        /** Accepts and closes without a byte. */
        HANG_UP,
        /** Answers with bytes that are not HTTP. */
        GARBAGE,
        /** Answers 200 OK with a body instead of 101. */
        HTTP_200,
        /** Completes the WebSocket handshake, then drops the TCP connection without a close frame. */
        UPGRADE_THEN_DROP
    }

    private final ServerSocket socket;
    private final Behaviour behaviour;

    public BrokenServer(Behaviour behaviour) throws IOException {
        this(behaviour, null);
    }

    /** With {@code tls}, it speaks TLS with that context's certificate before behaving badly. */
    public BrokenServer(Behaviour behaviour, javax.net.ssl.SSLContext tls) throws IOException {
        this.behaviour = behaviour;
        this.socket = tls == null
                ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "broken-server");
        t.setDaemon(true);
        t.start();
    }

    public String ws(String path) {
        return "ws://127.0.0.1:" + socket.getLocalPort() + path;
    }

    public String wss(String path) {
        return "wss://127.0.0.1:" + socket.getLocalPort() + path;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                // TLS hellos never end a head with CRLFCRLF: answer garbage after the first bytes, whatever they are.
                String head = behaviour == Behaviour.GARBAGE ? firstBytes(s.getInputStream()) : readHead(s.getInputStream());
                OutputStream out = s.getOutputStream();
                switch (behaviour) {
                    case HANG_UP -> {
                    }
                    case GARBAGE -> out.write("SSH-2.0-OpenSSH_9.2 not http at all\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    case HTTP_200 -> out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
                            .getBytes(StandardCharsets.US_ASCII));
                    case UPGRADE_THEN_DROP -> {
                        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Accept: " + accept(head) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
                out.flush();
            } catch (IOException e) {
                // The next client gets a fresh chance; closing the server socket ends the loop.
            }
        }
    }

    private static String firstBytes(InputStream in) throws IOException {
        byte[] b = new byte[4096];
        int n = in.read(b);
        return n < 0 ? "" : new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String accept(String head) {
        String key = head.lines()
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst().orElse("");
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
