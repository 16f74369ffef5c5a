package dev.wskit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP forwarder on 127.0.0.1, port 0, in front of a server: lets a test cut every connection at once (as a
 * network failure would, with no WebSocket close) and hold new ones until it lets them through.
 *
 * <p>Thread-safe: an accept thread and two copy threads per connection; the test calls {@link #drop}, {@link #hold}
 * and {@link #release} from its own thread. Connections accepted while held wait, unforwarded, for {@link #release}.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new ArrayList<>();
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
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // Already closed: nothing to cut.
                }
            }
            sockets.clear();
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
            synchronized (sockets) {
                sockets.add(client);
                sockets.add(server);
            }
            pump(client, server);
            pump(server, client);
        } catch (IOException | InterruptedException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // Closing a connection that never got through.
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // The other side or drop() closed the connection.
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // Already closed.
                }
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        release();
        listener.close();
        drop();
    }
}
