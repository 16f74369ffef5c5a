package dev.wskit.client;

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
 * A TCP forwarder on 127.0.0.1, port 0, in front of a WebSocket server, that plays a server restart the way a
 * draining server does it: {@link #restart} sends every client through it a close frame with 1012 (service restart)
 * between two of the server's frames, and cuts the connection to the server, which sees its clients vanish. New
 * connections can be held until the test lets them through.
 *
 * <p>Thread-safe: an accept thread and two copy threads per connection; the test calls {@link #restart},
 * {@link #hold} and {@link #release} from its own thread.
 */
public final class RestartingProxy implements AutoCloseable {

    /** One client's connection through the proxy. Its lock keeps the restart's close frame between two frames. */
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

    public RestartingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "restarting-proxy-accept");
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

    /**
     * Closes every connection through the proxy with 1012 "service restart", as the server would: the client gets
     * the close frame after the server's last whole frame, the server's side is cut.
     */
    public void restart() {
        List<Link> now;
        synchronized (links) {
            now = new ArrayList<>(links);
        }
        byte[] reason = "service restart".getBytes(StandardCharsets.UTF_8);
        byte[] close = new byte[4 + reason.length];
        close[0] = (byte) 0x88;
        close[1] = (byte) (2 + reason.length);
        close[2] = (byte) (1012 >> 8);
        close[3] = (byte) (1012 & 0xff);
        System.arraycopy(reason, 0, close, 4, reason.length);
        for (Link link : now) {
            synchronized (link) {
                if (link.restarted) {
                    continue;
                }
                link.restarted = true;
                try {
                    OutputStream out = link.client.getOutputStream();
                    out.write(close);
                    out.flush();
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
                Thread t = new Thread(() -> connect(client, g), "restarting-proxy-connect");
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
        Thread t = new Thread(pump, "restarting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Client to server, byte for byte; after a restart the client's bytes (its close answer) are read and dropped. */
    private static void upstream(Link link) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = link.client.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                try {
                    link.server.getOutputStream().write(buffer, 0, n);
                } catch (IOException e) {
                    if (!restarted(link)) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            // The client or the server closed the connection.
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
            // The server closed the connection, or the restart cut it.
        } finally {
            if (!restarted(link)) {
                quietly(link.client);
            }
        }
    }

    private static void forward(Link link, byte[] bytes) throws IOException {
        synchronized (link) {
            if (link.restarted) {
                return;
            }
            link.client.getOutputStream().write(bytes);
            link.client.getOutputStream().flush();
        }
    }

    private static boolean restarted(Link link) {
        synchronized (link) {
            return link.restarted;
        }
    }

    /** The HTTP head of the upgrade answer, up to and including its empty line. */
    private static byte[] head(DataInputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.readUnsignedByte();
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    /** One whole WebSocket frame, header and payload. */
    private static byte[] frame(DataInputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        frame.write(b0);
        frame.write(b1);
        long length = b1 & 0x7f;
        if (length == 126) {
            int extended = in.readUnsignedShort();
            frame.write(extended >> 8);
            frame.write(extended & 0xff);
            length = extended;
        } else if (length == 127) {
            length = in.readLong();
            for (int i = 7; i >= 0; i--) {
                frame.write((int) (length >>> (8 * i)) & 0xff);
            }
        }
        int rest = (int) length + ((b1 & 0x80) != 0 ? 4 : 0);
        byte[] payload = new byte[rest];
        in.readFully(payload);
        frame.write(payload);
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
        synchronized (links) {
            for (Link link : links) {
                quietly(link.client);
                quietly(link.server);
            }
            links.clear();
        }
    }
}
