package dev.wskit.client.bench;

import com.fasterxml.jackson.core.JsonFactory;
import dev.wskit.client.ConnectOptions;
import dev.wskit.client.ExitCode;
import dev.wskit.client.Terminal;
import dev.wskit.client.Transport;
import dev.wskit.client.Units;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench URL}: a load generator for an echo server such as wskit's {@code /echo}. The options are read
 * by the {@link BenchMode} chosen with {@code --mode}; this class checks them, runs the mode on the calling
 * thread and prints the summary (text, or JSON with {@code --json}) to standard output and progress to standard
 * error.
 */
@Command(name = "bench", sortOptions = false,
        description = {"Load-test a WebSocket echo server (e.g. ws://127.0.0.1:8080/echo).",
                "--mode echo: connections x in-flight messages of --size bytes, every echoed byte checked, round trips timed.",
                "--mode idle: open --connections connections, hold them for --duration, report memory (--server-pid).",
                "--mode rooms: --connections members join the room at URL (e.g. ws://127.0.0.1:8080/rooms/bench); --publishers of them"
                        + " say --rate messages/s each; every member checks it hears every message once and in order; deliveries timed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:run completed without errors",
                "8:run completed with errors (mismatched echoes, failed connections, early closes)",
                "2:bad command line or URL",
                "3/4/5:no connection could be opened: unreachable / handshake refused / TLS failure",
                "1:internal error"})
public class BenchCommand implements Callable<Integer> {

    /** The load patterns; a new one is a constant here and a {@link BenchMode} class. */
    public enum Mode {
        echo(EchoMode::new), idle(IdleMode::new), rooms(RoomsMode::new);

        private final Supplier<BenchMode> factory;

        Mode(Supplier<BenchMode> factory) {
            this.factory = factory;
        }
    }

    public enum Type { text, binary }

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectOptions common;

    @Parameters(index = "0", paramLabel = "URL", description = "ws:// or wss:// URL of an echo endpoint")
    String url;

    @Option(names = {"-m", "--mode"}, defaultValue = "echo", description = "echo, idle or rooms. Default: ${DEFAULT-VALUE}.")
    Mode mode;

    @Option(names = {"-c", "--connections"}, defaultValue = "10", description = "Connections to open. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = {"-f", "--in-flight"}, defaultValue = "1",
            description = "Messages outstanding per connection (echo mode). Default: ${DEFAULT-VALUE}.")
    int inFlight;

    @Option(names = {"-b", "--size"}, paramLabel = "SIZE", defaultValue = "128", converter = Units.SizeConverter.class,
            description = "Message size in bytes, e.g. 128, 64KiB, 1MiB (echo mode). Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = {"-t", "--type"}, defaultValue = "text", description = "text or binary messages (echo mode). Default: ${DEFAULT-VALUE}.")
    Type type;

    @Option(names = "--publishers", paramLabel = "P", defaultValue = "1",
            description = "Rooms mode: how many of the members publish. Default: ${DEFAULT-VALUE}.")
    int publishers;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "10",
            description = "Rooms mode: messages per second each publisher says. Default: ${DEFAULT-VALUE}.")
    int rate;

    /** Exactly one of duration and message count ends an echo run; idle mode holds for the duration. */
    static class Length {
        @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", converter = Units.DurationConverter.class,
                description = "How long to run (echo) or hold the connections (idle). Default: 10s.")
        Duration duration;

        @Option(names = {"-n", "--messages"}, paramLabel = "N",
                description = "Echo mode: stop after this many round trips in total, split over the connections; rooms mode: messages said in total, split over the publishers.")
        long messages;
    }

    @ArgGroup(exclusive = true)
    Length length = new Length();

    @Option(names = "--ramp-up", paramLabel = "DURATION", defaultValue = "0", converter = Units.DurationConverter.class,
            description = "Spread the connection starts evenly over this time. Default: ${DEFAULT-VALUE}.")
    Duration rampUp;

    @Option(names = "--connect-concurrency", paramLabel = "N", defaultValue = "16",
            description = "Handshakes in progress at once. Default: ${DEFAULT-VALUE}.")
    int connectConcurrency;

    @Option(names = "--bind", paramLabel = "ADDRESS", split = ",",
            description = "Local source addresses to spread connections over (e.g. 127.0.0.1,127.0.0.2), for more than one address's ports.")
    List<String> bind = new ArrayList<>();

    @Option(names = "--server-pid", paramLabel = "PID", defaultValue = "0",
            description = "Process id of a local server: its memory and threads (from /proc) go into the summary.")
    long serverPid;

    @Option(names = "--progress", paramLabel = "DURATION", defaultValue = "1s", converter = Units.DurationConverter.class,
            description = "Interval of the progress line on standard error; 0 = none. Default: ${DEFAULT-VALUE}.")
    Duration progress;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    long messages;

    private final Terminal terminal;

    public BenchCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    Duration duration() {
        return length.duration != null ? length.duration : Duration.ofSeconds(10);
    }

    @Override
    public Integer call() throws Exception {
        URI uri = common.target(url);
        messages = length.messages;
        check(connections >= 1, "--connections must be at least 1");
        check(inFlight >= 1, "--in-flight must be at least 1");
        check(connectConcurrency >= 1, "--connect-concurrency must be at least 1");
        check(length.messages >= 0, "--messages must not be negative");
        check(mode != Mode.idle || length.messages == 0, "--messages applies to echo and rooms modes; idle mode holds for --duration");
        check(!duration().isZero() || length.messages > 0, "--duration must be more than 0");
        check(publishers >= 1, "--publishers must be at least 1");
        check(rate >= 1 && rate <= 1_000_000, "--rate must be 1 to 1000000 messages per second");

        List<Transport> transports = new ArrayList<>();
        try {
            for (String address : bind.isEmpty() ? java.util.Collections.<String>singletonList(null) : bind) {
                transports.add(new Transport(common, Math.max(size + 1024, 64 * 1024), address));
            }
        } catch (Transport.BadOptionException e) {
            transports.forEach(Transport::close);
            terminal.err().println("wskit-cli: " + e.getMessage());
            return ExitCode.USAGE;
        }
        BenchStats stats = new BenchStats();
        try {
            BenchRun run = new BenchRun(uri, this, transports, stats, terminal);
            Map<String, Object> figures = mode.factory.get().run(run);
            Map<String, Object> summary = summary(uri, stats, figures);
            if (json) {
                printJson(summary, terminal.out());
            } else {
                printText(summary, terminal.out());
            }
        } finally {
            transports.forEach(Transport::close);
        }
        if (stats.connectionsOpened.sum() == 0 && stats.firstFailure() != null) {
            terminal.err().println("wskit-cli: " + stats.firstFailure().message());
            return stats.firstFailure().exitCode();
        }
        return stats.errorCount() == 0 ? ExitCode.OK : ExitCode.BENCH_ERRORS;
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    private Map<String, Object> summary(URI uri, BenchStats stats, Map<String, Object> figures) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mode", mode.name());
        s.put("url", uri.toString());
        s.put("connections", connections);
        s.put("connectionsOpened", stats.connectionsOpened.sum());
        s.put("connectionsFailed", stats.connectionsFailed.sum());
        if (mode == Mode.rooms) {
            double seconds = (double) figures.remove("seconds");
            stats.interval();
            long n = stats.messages.sum();
            s.putAll(figures);
            s.put("seconds", round(seconds));
            s.put("deliveries", n);
            s.put("deliveriesPerSecond", round(n / Math.max(1e-9, seconds)));
            s.put("latencyMillis", latency(stats.total()));
        } else if (mode == Mode.echo) {
            double seconds = (double) figures.remove("seconds");
            stats.interval();
            Histogram h = stats.total();
            long n = stats.messages.sum();
            s.putAll(figures);
            s.put("seconds", round(seconds));
            s.put("messages", n);
            s.put("messagesPerSecond", round(n / Math.max(1e-9, seconds)));
            s.put("megabytesPerSecond", round(stats.bytes.sum() / 1e6 / Math.max(1e-9, seconds)));
            s.put("latencyMillis", latency(h));
        } else {
            s.putAll(figures);
        }
        s.put("errors", stats.errors());
        return s;
    }

    private static Map<String, Object> latency(Histogram h) {
        Map<String, Object> latency = new LinkedHashMap<>();
        for (double p : new double[] {50, 90, 99, 99.9}) {
            latency.put("p" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)), ms(h.getValueAtPercentile(p), h));
        }
        latency.put("max", ms(h.getMaxValue(), h));
        return latency;
    }

    private static Object ms(long micros, Histogram h) {
        return h.getTotalCount() == 0 ? null : round(micros / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void printText(Map<String, Object> s, PrintWriter out) {
        s.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                StringBuilder line = new StringBuilder();
                m.forEach((mk, mv) -> line.append(mk).append(' ').append(mv).append("  "));
                out.println(String.format(Locale.ROOT, "%-30s %s", k, m.isEmpty() ? "none" : line.toString().trim()));
            } else {
                out.println(String.format(Locale.ROOT, "%-30s %s", k, v));
            }
        });
    }

    static void printJson(Map<String, Object> s, PrintWriter out) throws IOException {
        java.io.StringWriter buffer = new java.io.StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(buffer)) {
            write(g, s);
        }
        out.println(buffer);
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
