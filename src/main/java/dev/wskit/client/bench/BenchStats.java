package dev.wskit.client.bench;

import dev.wskit.client.Failure;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters of one bench run: connections, echoed messages and bytes, round-trip latency in microseconds, and
 * errors by kind. Thread-safe: connections record from the client's threads while the progress line and the
 * summary read; the latency {@link Recorder} hands out interval histograms without stopping the writers.
 */
public final class BenchStats {

    public final AtomicLong connectionsOpen = new AtomicLong();
    public final LongAdder connectionsOpened = new LongAdder();
    public final LongAdder connectionsFailed = new LongAdder();
    public final LongAdder messages = new LongAdder();
    public final LongAdder bytes = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Recorder latency = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private volatile Failure firstFailure;

    public void echoed(int size, long roundTripNanos) {
        messages.increment();
        bytes.add(size);
        latency.recordValue(Math.max(1, roundTripNanos / 1000));
    }

    public void error(String kind) {
        error(kind, 1);
    }

    /** Counts {@code n} errors of {@code kind}; none if {@code n} is 0 or less. */
    public void error(String kind, long n) {
        if (n > 0) {
            errors.computeIfAbsent(kind, k -> new LongAdder()).add(n);
        }
    }

    public void connectFailed(Failure failure) {
        connectionsFailed.increment();
        error(failure.kind());
        if (firstFailure == null) {
            firstFailure = failure;
        }
    }

    public Failure firstFailure() {
        return firstFailure;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Errors by kind, sorted by kind. */
    public Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * Latencies recorded since the last call, also added to the total. Called by one thread at a time (the
     * progress ticker, then the summary).
     */
    public synchronized Histogram interval() {
        Histogram h = latency.getIntervalHistogram();
        total.add(h);
        return h;
    }

    /** All latencies so far; call {@link #interval()} first to fold in the latest. */
    public synchronized Histogram total() {
        return total.copy();
    }
}
