package dev.wskit.client.bench;

import dev.wskit.client.Failure;
import dev.wskit.client.Terminal;
import dev.wskit.client.Transport;
import dev.wskit.client.raw.RawClient;
import dev.wskit.client.raw.RawConnection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * What a {@link BenchMode} works with: the {@link BenchOptions}, the transports (one per source address), the
 * shared {@link BenchStats}, and helpers to open connections with ramp-up and to print the progress line.
 *
 * <p>Used from the bench thread; {@link #open} runs its connects on its own threads and calls back from them, and
 * {@link #connect} may be called from any thread. {@link #openRaw} connects through wskit's own
 * {@link RawClient}, whose one thread calls the loads back; {@link #close()} stops that client.
 */
public final class BenchRun implements AutoCloseable {

    /** A connection's load on the {@link RawClient}; called on the client's thread. */
    public interface RawLoad {
        void opened(RawConnection connection);

        void data(RawConnection connection, boolean text, ByteBuffer chunk, boolean last);

        /** The connection ended (not called for one that never opened); {@link BenchStats#connectionsOpen} is already down. */
        void closed(RawConnection connection, int code, String reason);
    }

    /** A connection that opened: its number (0 to n-1), endpoint and session. */
    public record Opened<T>(int index, T endpoint, Session session) {
    }

    /** Called as connection {@code index} opens, on the connecting thread. */
    public interface OnOpen<T> {
        void opened(int index, T endpoint, Session session);
    }

    /** A background {@link #open}: wait for it, or look at it while it runs. */
    public static final class Opening<T> {
        private final CountDownLatch finished;
        private final List<Opened<T>> opened;

        Opening(CountDownLatch finished, List<Opened<T>> opened) {
            this.finished = finished;
            this.opened = opened;
        }

        public boolean isFinished() {
            return finished.getCount() == 0;
        }

        public boolean await(long millis) throws InterruptedException {
            return finished.await(millis, TimeUnit.MILLISECONDS);
        }

        /** A snapshot of the connections opened so far. */
        public List<Opened<T>> opened() {
            synchronized (opened) {
                return new ArrayList<>(opened);
            }
        }
    }

    private final BenchOptions options;
    private final List<Transport> transports;
    private final BenchStats stats;
    private final Terminal terminal;
    private final RawClient.Settings rawSettings;
    private final List<InetSocketAddress> bind;
    private RawClient raw;
    /** When the first connection opened: the load's clock starts there, not at JVM and client warm-up. */
    private final java.util.concurrent.atomic.AtomicLong loadStartNanos = new java.util.concurrent.atomic.AtomicLong();
    private long lastTick = System.nanoTime();
    private long lastMessages;

    BenchRun(BenchOptions options, List<Transport> transports, BenchStats stats, Terminal terminal, RawClient.Settings rawSettings,
             List<InetSocketAddress> bind) {
        this.options = options;
        this.transports = transports;
        this.stats = stats;
        this.terminal = terminal;
        this.rawSettings = rawSettings;
        this.bind = bind;
    }

    /**
     * Opens {@code n} connections through the {@link RawClient} with loads made by {@code factory} (connection i to URL
     * {@code i % urls}), spread over the ramp-up, {@code --connect-concurrency} handshakes at a time, from the {@code --bind} addresses in turn. Counts
     * them as {@link #open} does. Returns at once.
     */
    public <T extends RawLoad> Opening<T> openRaw(int n, IntFunction<T> factory) {
        List<Opened<T>> opened = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger unsettled = new AtomicInteger(n);
        long rampNanos = options.rampUp().toNanos();
        long begin = System.nanoTime();
        RawClient client = rawClient();
        for (int i = 0; i < n; i++) {
            int index = i;
            T load = factory.apply(i);
            client.connect(options.uri(i), bind.isEmpty() ? null : bind.get(i % bind.size()), begin + (n <= 1 ? 0 : rampNanos * i / n),
                    new RawClient.Listener() {
                        @Override
                        public void opened(RawConnection connection) {
                            loadStartNanos.compareAndSet(0, System.nanoTime());
                            stats.connectionsOpened.increment();
                            stats.connectionsOpen.incrementAndGet();
                            opened.add(new Opened<>(index, load, null));
                            load.opened(connection);
                            settled();
                        }

                        @Override
                        public void failed(RawConnection connection, Exception failure) {
                            stats.connectFailed(rawFailure(index, failure));
                            settled();
                        }

                        private void settled() {
                            if (unsettled.decrementAndGet() == 0) {
                                finished.countDown();
                            }
                        }

                        @Override
                        public void data(RawConnection connection, boolean text, ByteBuffer chunk, boolean last) {
                            load.data(connection, text, chunk, last);
                        }

                        @Override
                        public void closed(RawConnection connection, int code, String reason) {
                            stats.connectionsOpen.decrementAndGet();
                            load.closed(connection, code, reason);
                        }
                    });
        }
        if (n == 0) {
            finished.countDown();
        }
        return new Opening<>(finished, opened);
    }

    /** The raw client of this run, started on first use. */
    public synchronized RawClient rawClient() {
        if (raw == null) {
            raw = new RawClient(rawSettings);
        }
        return raw;
    }

    /**
     * Closes every raw connection with 1000 ({@code each} runs on the client's thread for every load opened) and
     * waits up to 3 s for the server's close frames.
     */
    public <T> void closeAllRaw(List<Opened<T>> opened, java.util.function.Consumer<T> closeOne) throws InterruptedException {
        if (raw == null) {
            return;
        }
        raw.execute(() -> opened.forEach(o -> closeOne.accept(o.endpoint())));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (stats.connectionsOpen.get() > 0 && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private Failure rawFailure(int i, Exception failure) {
        if (options.verbose()) {
            failure.printStackTrace(terminal.err());
        }
        String uri = options.uri(i).toString();
        if (failure instanceof RawClient.Refused r) {
            return Failure.refused(uri, r.status(), r.body());
        }
        return Failure.of(failure, uri, null);
    }

    @Override
    public void close() {
        RawClient r;
        synchronized (this) {
            r = raw;
            raw = null;
        }
        if (r != null) {
            r.close();
        }
    }

    public BenchOptions options() {
        return options;
    }

    public BenchStats stats() {
        return stats;
    }

    /**
     * Opens {@code n} annotated endpoints made by {@code factory}, spreading the starts evenly over the ramp-up
     * and using up to {@code --connect-concurrency} connects at a time; {@code onOpen} is called on the connecting
     * thread as each one opens. Failures are counted by kind in the stats.
     */
    public <T> Opening<T> open(int n, IntFunction<T> factory, OnOpen<T> onOpen) {
        List<Opened<T>> opened = Collections.synchronizedList(new ArrayList<>());
        int threads = Math.max(1, Math.min(options.connectConcurrency(), n));
        CountDownLatch finished = new CountDownLatch(threads);
        AtomicInteger next = new AtomicInteger();
        long rampNanos = options.rampUp().toNanos();
        long begin = System.nanoTime();
        for (int w = 0; w < threads; w++) {
            Thread worker = new Thread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long due = begin + (n <= 1 ? 0 : rampNanos * i / n);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        T endpoint = factory.apply(i);
                        try {
                            Session session = connect(i, endpoint);
                            loadStartNanos.compareAndSet(0, System.nanoTime());
                            stats.connectionsOpened.increment();
                            stats.connectionsOpen.incrementAndGet();
                            opened.add(new Opened<>(i, endpoint, session));
                            onOpen.opened(i, endpoint, session);
                        } catch (Exception e) {
                            stats.connectFailed(failure(i, e));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            }, "wskit-bench-open-" + w);
            worker.setDaemon(true);
            worker.start();
        }
        return new Opening<>(finished, opened);
    }

    /**
     * Opens the annotated {@code endpoint} as connection {@code i} (from that connection's source address, to that
     * connection's URL), on the calling thread.
     */
    public Session connect(int i, Object endpoint) throws Exception {
        return transports.get(i % transports.size()).connectAnnotated(endpoint, options.uri(i));
    }

    /** What went wrong with {@code failure} of connection {@code i}'s connect; its stack trace with --verbose. */
    public Failure failure(int i, Exception failure) {
        if (options.verbose()) {
            failure.printStackTrace(terminal.err());
        }
        return Failure.of(failure, options.uri(i).toString(), transports.get(i % transports.size()).refusalBody(options.uri(i)));
    }

    /** Closes every session with 1000, ignoring ones already gone. */
    public void closeAll(List<Session> sessions) {
        for (Session session : sessions) {
            try {
                if (session.isOpen()) {
                    session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bench done"));
                }
            } catch (Exception e) {
                // Closing at the end of a run: the figures are already taken.
            }
        }
    }

    /** When the first connection opened ({@link System#nanoTime()}), or 0 if none has yet. */
    public long loadStartNanos() {
        return loadStartNanos.get();
    }

    /** Seconds since the first connection opened. */
    public double elapsedSeconds() {
        long start = loadStartNanos.get();
        return start == 0 ? 0 : (System.nanoTime() - start) / 1e9;
    }

    /** Prints the progress line to standard error, with {@code extra} appended. */
    public void progress(String extra) {
        if (options.progress().isZero()) {
            return;
        }
        long now = System.nanoTime();
        long messages = stats.messages.sum();
        double rate = (messages - lastMessages) / Math.max(1e-9, (now - lastTick) / 1e9);
        lastTick = now;
        lastMessages = messages;
        Histogram h = stats.interval();
        String latency = h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", h.getValueAtPercentile(99) / 1000.0);
        terminal.err().println(String.format(Locale.ROOT,
                "[%6.1fs] conns %d open, %d failed | msgs %d (%.0f/s) | p99 %s | errors %d%s",
                elapsedSeconds(), stats.connectionsOpen.get(), stats.connectionsFailed.sum(), messages, rate, latency,
                stats.errorCount(), extra.isEmpty() ? "" : " | " + extra));
    }
}
