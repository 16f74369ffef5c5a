package dev.wskit.ops;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What counting costs one echoed message, apart from the sockets: the endpoint's report of a 128-character text
 * message received (UTF-8 length, per-connection counts, endpoint counters) and the echo's report of it sent.
 * {@code counting}: {@code all} (metrics and connection log on, the default), {@code log} (metrics off, the log's
 * per-connection counts only), {@code none} (both off). Run by hand (docs/benchmarks.md); with {@code -t 2} two
 * threads count into the same endpoint's counters, as two busy connections do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CountingBenchmark {

    @Param({"all", "log", "none"})
    String counting;

    private static final String MESSAGE = "x".repeat(128);
    private Metrics metrics;
    private Connections connections;

    @Setup(Level.Trial)
    public void setUp() {
        metrics = counting.equals("all") ? Metrics.start() : Metrics.disabled();
        Executor never = r -> {
            throw new IllegalStateException("no close in a benchmark");
        };
        connections = new Connections(metrics, new ConnectionLog(!counting.equals("none")), never);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        metrics.close();
    }

    /** One connection per benchmark thread, as the container calls one connection from one thread at a time. */
    @State(Scope.Thread)
    public static class Connection {
        LiveConnection live;

        @Setup(Level.Trial)
        public void open(CountingBenchmark b) {
            live = b.connections.open(Endpoint.ECHO, new FakeSession("bench", "ws://h/echo", "").session);
        }
    }

    @Benchmark
    public void echoedTextMessage(Connection c) {
        c.live.receivedText(MESSAGE, true);
        c.live.sent(128, true);
    }
}
