package dev.wskit.client.bench;

import dev.wskit.client.Failure;
import dev.wskit.client.Terminal;
import dev.wskit.client.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
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
 * {@link #connect} may be called from any thread.
 */
public final class BenchRun {

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
    /** When the first connection opened: the load's clock starts there, not at JVM and client warm-up. */
    private final java.util.concurrent.atomic.AtomicLong loadStartNanos = new java.util.concurrent.atomic.AtomicLong();
    private long lastTick = System.nanoTime();
    private long lastMessages;

    BenchRun(BenchOptions options, List<Transport> transports, BenchStats stats, Terminal terminal) {
        this.options = options;
        this.transports = transports;
        this.stats = stats;
        this.terminal = terminal;
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
