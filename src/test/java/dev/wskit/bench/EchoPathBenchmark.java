package dev.wskit.bench;

import dev.wskit.client.bench.Payloads;
import dev.wskit.codec.Utf8;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-byte work on the echo path, apart from the sockets: wskit's UTF-8 size accounting of every text part
 * ({@link Utf8#length}, called by {@code Echo} for each part of at most {@code wskit.messageBufferSize}), and
 * bench's check of every echoed byte ({@link Payloads}), which must stay far cheaper than the round trip it
 * measures. Run by hand (docs/benchmarks.md); JMH keeps one state per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EchoPathBenchmark {

    @Param({"65536", "1048576"})
    int size;

    private String ascii;
    private String mixed;
    private Payloads payloads;
    private String text;
    private ByteBuffer binary;

    @Setup
    public void setUp() {
        ascii = "a".repeat(size);
        // Latin, Greek, CJK and an emoji: 1-, 2-, 3- and 4-byte UTF-8 in one part.
        StringBuilder b = new StringBuilder(size);
        String alphabet = "aé€😀";
        while (b.length() < size) {
            b.append(alphabet);
        }
        mixed = b.substring(0, size);
        payloads = new Payloads(size);
        text = payloads.text(42);
        binary = payloads.binary(42);
    }

    @Benchmark
    public long utf8LengthAscii() {
        return Utf8.length(ascii);
    }

    @Benchmark
    public long utf8LengthMixed() {
        return Utf8.length(mixed);
    }

    @Benchmark
    public String checkTextEcho() {
        return payloads.checkText(42, text);
    }

    @Benchmark
    public String checkBinaryEcho() {
        return payloads.checkBinary(42, binary);
    }
}
