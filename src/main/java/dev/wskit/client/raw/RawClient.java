package dev.wskit.client.raw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small RFC 6455 client for load generation: plain {@code ws:} connections over non-blocking
 * {@link java.nio.channels.SocketChannel}s, all served by one selector thread. Frames go out masked (a fresh key per
 * frame), sends made while the thread handles a round of events are written together at its end (one write per
 * connection per round), and received payload is handed to the {@link Listener} in place, straight from the read
 * buffer, as it arrives: nothing is copied or reassembled, so checking a message costs no allocation whatever its
 * size. No TLS, no extensions: for those, the bench uses the Jakarta client ({@code dev.wskit.client.Transport}).
 *
 * <p>Threading: everything about the connections happens on the client's thread ({@code wskit-bench-io}); listeners
 * are called there, and {@link RawConnection}'s methods may be called only there. Other threads talk to it through
 * {@link #connect} and {@link #execute}, which queue work and wake the selector. {@link #close()} stops the thread and
 * closes every channel.
 */
public final class RawClient implements AutoCloseable {

    /** What a connection's owner hears, on the client's thread. */
    public interface Listener {
        /** The handshake completed; the connection may send. */
        void opened(RawConnection connection);

        /** The connection could not be opened: an {@link IOException} or a {@link Refused}. No other call follows. */
        void failed(RawConnection connection, Exception failure);

        /**
         * Payload bytes of a data message, from {@code chunk}'s position to its limit; valid only during the call.
         * {@code last} ends the message (an empty message is one call with an empty chunk).
         */
        void data(RawConnection connection, boolean text, ByteBuffer chunk, boolean last);

        /** The connection ended: the peer's close code (1005: none given; 1006: no close frame, connection lost). */
        void closed(RawConnection connection, int code, String reason);
    }

    /** The server answered the handshake with an HTTP status other than 101. */
    public static final class Refused extends Exception {
        private final int status;
        private final String body;

        Refused(int status, String body) {
            super("HTTP " + status);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        /** The response body, as much of it as arrived (up to 4 KiB), or empty. */
        public String body() {
            return body;
        }
    }

    /**
     * How handshakes are made.
     *
     * @param headers            extra request headers, in order (Origin, Authorization, Sec-WebSocket-Protocol, -H ...)
     * @param connectTimeout     TCP connect and handshake together
     * @param connectConcurrency handshakes in progress at once
     */
    public record Settings(List<Map.Entry<String, String>> headers, Duration connectTimeout, int connectConcurrency) {
    }

    private record Timer(long dueNanos, Runnable task) {
    }

    private record PendingConnect(long dueNanos, RawConnection connection) {
    }

    final Settings settings;
    final Selector selector;
    /** Shared by every connection: read into, handed to listeners, reused. Only the client's thread touches it. */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
    private final ArrayDeque<PendingConnect> pending = new ArrayDeque<>();
    private final List<RawConnection> dirty = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    int handshaking;

    public RawClient(Settings settings) {
        this.settings = settings;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::loop, "wskit-bench-io");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens a connection to {@code uri} (a {@code ws:} URL) from {@code local} (null: any) once {@code dueNanos}
     * ({@link System#nanoTime()}) has come and fewer than {@code connectConcurrency} handshakes are in progress.
     * Connects are started in the order asked for. Thread-safe.
     */
    public void connect(URI uri, InetSocketAddress local, long dueNanos, Listener listener) {
        execute(() -> {
            pending.add(new PendingConnect(dueNanos, new RawConnection(this, uri, local, listener)));
        });
    }

    /** Runs {@code task} on the client's thread. Thread-safe. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the client's thread after {@code delay}; call on the client's thread. */
    public void schedule(long delayNanos, Runnable task) {
        timers.add(new Timer(System.nanoTime() + delayNanos, task));
    }

    /** Called by a connection with bytes waiting: they are written at the end of the current round. */
    void dirty(RawConnection c) {
        dirty.add(c);
    }

    private void loop() {
        try {
            while (running) {
                long now = System.nanoTime();
                long wait = Long.MAX_VALUE;
                Timer t = timers.peek();
                if (t != null) {
                    wait = t.dueNanos - now;
                }
                PendingConnect p = pending.peek();
                if (p != null && handshaking < settings.connectConcurrency()) {
                    wait = Math.min(wait, p.dueNanos - now);
                }
                if (!tasks.isEmpty() || !dirty.isEmpty() || wait <= 0) {
                    selector.selectNow();
                } else if (wait == Long.MAX_VALUE) {
                    selector.select();
                } else {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    ((RawConnection) key.attachment()).ready(key);
                }
                selector.selectedKeys().clear();
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    task.run();
                }
                now = System.nanoTime();
                while (!timers.isEmpty() && timers.peek().dueNanos <= now) {
                    timers.poll().task.run();
                }
                while (!pending.isEmpty() && handshaking < settings.connectConcurrency() && pending.peek().dueNanos <= now) {
                    handshaking++;
                    pending.poll().connection.start();
                }
                // One write per connection per round: everything the round's events made it send.
                for (int i = 0; i < dirty.size(); i++) {
                    dirty.get(i).flush();
                }
                dirty.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            // Every started connection is registered (or already failed); those still pending have nothing to close.
            for (SelectionKey key : new ArrayList<>(selector.keys())) {
                ((RawConnection) key.attachment()).abort();
            }
            try {
                selector.close();
            } catch (IOException e) {
                // Shutting down.
            }
        }
    }

    /** Stops the client's thread and closes every channel without a close handshake. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
