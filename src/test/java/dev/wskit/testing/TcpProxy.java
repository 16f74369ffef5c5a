package dev.wskit.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP forwarder on 127.0.0.1, port 0, in front of a WebSocket server: lets a test cut every connection at once
 * (as a network failure would, with no WebSocket close), close every client as a restarting server would (1012,
 * between two of the server's frames), and hold new connections until it lets them through.
 *
 * <p>Thread-safe: an accept thread and two copy threads per connection; the test calls {@link #drop},
 * {@link #restart}, {@link #hold} and {@link #release} from its own thread. Connections accepted while held wait,
 * unforwarded, for {@link #release}. Each connection's lock keeps a restart's close frame between two whole frames.
 */
public final class TcpProxy implements AutoCloseable {

    /** One client's connection through the proxy; {@code restarted} is guarded by the link's monitor. */
    private static final class Link {
        final Socket client;
        final Socket server;
        boolean restarted;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }
    }

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Link> links = new ArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile int accepted;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted;
    }

    /** Closes every connection through the proxy, both sides, without any protocol goodbye. */
    public void drop() {
        List<Link> all;
        synchronized (links) {
            all = new ArrayList<>(links);
            links.clear();
        }
        for (Link link : all) {
            quietly(link.client);
            quietly(link.server);
        }
    }

    /**
     * Closes every connection through the proxy the way a server draining to restart does: each client gets a close
     * frame with 1012 "service restart" after the server's last whole frame, and the server's side is cut (the
     * server sees its clients vanish). The client's side stays open for its close answer, which goes nowhere.
     */
    public void restart() {
        byte[] reason = "service restart".getBytes(StandardCharsets.UTF_8);
        byte[] close = new byte[4 + reason.length];
        close[0] = (byte) 0x88;
        close[1] = (byte) (2 + reason.length);
        close[2] = (byte) (1012 >> 8);
        close[3] = (byte) (1012 & 0xff);
        System.arraycopy(reason, 0, close, 4, reason.length);
        List<Link> now;
        synchronized (links) {
            now = new ArrayList<>(links);
        }
        for (Link link : now) {
            synchronized (link) {
                if (link.restarted) {
                    continue;
                }
                link.restarted = true;
                try {
                    link.client.getOutputStream().write(close);
                    link.client.getOutputStream().flush();
                } catch (IOException e) {
                    // The client is gone already.
                }
            }
            quietly(link.server);
        }
    }

    /** New connections are accepted but not forwarded until {@link #release}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                accepted++;
                CountDownLatch g = gate;
                Thread t = new Thread(() -> connect(client, g), "tcp-proxy-connect");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client, CountDownLatch g) {
        try {
            g.await();
            Socket server = new Socket();
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
            Link link = new Link(client, server);
            synchronized (links) {
                links.add(link);
            }
            start(() -> upstream(link));
            start(() -> downstream(link));
        } catch (IOException | InterruptedException e) {
            quietly(client);
        }
    }

    private static void start(Runnable pump) {
        Thread t = new Thread(pump, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Client to server, byte for byte; after a restart the client's bytes are read and dropped until it closes. */
    private static void upstream(Link link) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = link.client.getInputStream()) {
            OutputStream out = link.server.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                try {
                    out.write(buffer, 0, n);
                    out.flush();
                } catch (IOException e) {
                    if (!restarted(link)) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            // The other side or drop() closed the connection.
        } finally {
            quietly(link.client);
            quietly(link.server);
        }
    }

    /** Server to client: the HTTP answer as it comes, then whole frames, none after a restart's close frame. */
    private static void downstream(Link link) {
        try (DataInputStream in = new DataInputStream(link.server.getInputStream())) {
            forward(link, head(in));
            while (true) {
                forward(link, frame(in));
            }
        } catch (IOException e) {
            // The server or drop() closed the connection, or a restart cut it.
        } finally {
            if (!restarted(link)) {
                quietly(link.client);
            }
            quietly(link.server);
        }
    }

    private static void forward(Link link, byte[] bytes) throws IOException {
        synchronized (link) {
            if (!link.restarted) {
                link.client.getOutputStream().write(bytes);
                link.client.getOutputStream().flush();
            }
        }
    }

    private static boolean restarted(Link link) {
        synchronized (link) {
            return link.restarted;
        }
    }

    /** The head of the server's HTTP answer, up to and including its empty line. */
    private static byte[] head(DataInputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int matched = 0; matched < end.length; ) {
            int b = in.readUnsignedByte();
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    /** One whole WebSocket frame, header and payload. */
    private static byte[] frame(DataInputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(in.readUnsignedByte());
        int b1 = in.readUnsignedByte();
        frame.write(b1);
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
            frame.write((int) length >> 8);
            frame.write((int) length & 0xff);
        } else if (length == 127) {
            length = in.readLong();
            for (int i = 7; i >= 0; i--) {
                frame.write((int) (length >>> (8 * i)) & 0xff);
            }
        }
        byte[] rest = new byte[Math.toIntExact(length + ((b1 & 0x80) != 0 ? 4 : 0))];
        in.readFully(rest);
        frame.write(rest);
        return frame.toByteArray();
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        release();
        listener.close();
        drop();
    }
}
