package dev.wskit.client.bench;

import dev.wskit.client.ConnectOptions;
import dev.wskit.client.ExitCode;
import dev.wskit.client.Reconnect;
import dev.wskit.client.RetryPolicy;
import dev.wskit.client.Terminal;
import dev.wskit.client.Transport;
import dev.wskit.client.Units;
import dev.wskit.client.raw.RawClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench URL}: a load generator for an echo server such as wskit's {@code /echo}, or for a wskit room. This
 * class checks the options into a {@link BenchOptions}, runs the {@link BenchMode} chosen with {@code --mode} on the
 * calling thread, and hands its {@link BenchResult} to {@link BenchReport} (text, or JSON with {@code --json}) on
 * standard output; progress goes to standard error.
 */
@Command(name = "bench", sortOptions = false,
        description = {"Load-test a WebSocket echo server (e.g. ws://127.0.0.1:8080/echo).",
                "--mode echo: connections x in-flight messages of --size bytes, every echoed byte checked, round trips timed.",
                "--mode idle: open --connections connections, hold them for --duration, report memory (--server-pid).",
                "--mode broadcast: --connections members connect to a raw broadcast server (or, with --room, join a wskit room); --publishers"
                        + " of them keep --in-flight messages each that not every member has yet; every delivery checked; deliveries timed.",
                "--mode rooms: --connections members join the room at URL (e.g. ws://127.0.0.1:8080/rooms/bench; several URLs:"
                        + " the same room on several nodes, members take them in turn); --publishers of them say --rate messages/s"
                        + " each; every member checks it hears every message once and in order; deliveries timed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:run completed without errors",
                "8:run completed with errors (mismatched echoes, failed connections, early closes, nobody to publish)",
                "2:bad command line or URL",
                "3/4/5:no connection could be opened: unreachable / handshake refused / TLS failure",
                "1:internal error"})
public class BenchCommand implements Callable<Integer> {

    @Mixin
    ConnectOptions common;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "URL",
            description = "ws:// or wss:// URL of an echo endpoint, or of a room (rooms mode: several URLs, e.g. the same"
                    + " room on several nodes, spread the members over them in turn)")
    List<String> urls;

    @Option(names = {"-m", "--mode"}, defaultValue = "echo", description = "echo, idle, rooms or broadcast. Default: ${DEFAULT-VALUE}.")
    BenchOptions.Mode mode;

    @Option(names = {"-c", "--connections"}, defaultValue = "10", description = "Connections to open. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = {"-f", "--in-flight"}, defaultValue = "1",
            description = "Messages outstanding per connection (echo mode) or per publisher, not yet heard by every member (broadcast mode). Default: ${DEFAULT-VALUE}.")
    int inFlight;

    @Option(names = {"-b", "--size"}, paramLabel = "SIZE", defaultValue = "128", converter = Units.SizeConverter.class,
            description = "Message size in bytes, e.g. 128, 64KiB, 1MiB (echo and rooms modes). Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = {"-t", "--type"}, defaultValue = "text", description = "text or binary messages (echo mode). Default: ${DEFAULT-VALUE}.")
    BenchOptions.Type type;

    @Option(names = "--publishers", paramLabel = "P", defaultValue = "1",
            description = "Rooms mode: how many of the members that joined publish. Default: ${DEFAULT-VALUE}.")
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
            description = "Process id of a local server: its memory and threads (idle mode) or its CPU use per second (echo and"
                    + " broadcast modes), from /proc, go into the summary.")
    long serverPid;

    @Option(names = "--progress", paramLabel = "DURATION", defaultValue = "1s", converter = Units.DurationConverter.class,
            description = "Interval of the progress line on standard error; 0 = none. Default: ${DEFAULT-VALUE}.")
    Duration progress;

    @Option(names = "--client", paramLabel = "CLIENT", defaultValue = "auto",
            description = "raw (wskit's own RFC 6455 client: ws: only, no extensions; echo, idle and broadcast modes), jakarta (Jetty's;"
                    + " TLS, --deflate) or auto: raw where it can be. Default: ${DEFAULT-VALUE}.")
    BenchOptions.Client client;

    @Option(names = "--room", description = "Broadcast mode: the URL is a wskit room; members join it and say their messages (JSON).")
    boolean room;

    @Mixin
    Reconnect reconnect;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    private final Terminal terminal;

    public BenchCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions options = options();
        List<Transport> transports = new ArrayList<>();
        try {
            for (String address : bind.isEmpty() ? Collections.<String>singletonList(null) : bind) {
                transports.add(new Transport(common, Math.max(size + 1024, 64 * 1024), address));
            }
        } catch (Transport.BadOptionException e) {
            transports.forEach(Transport::close);
            terminal.err().println("wskit-cli: " + e.getMessage());
            return ExitCode.USAGE;
        }
        BenchStats stats = new BenchStats();
        try {
            List<InetSocketAddress> sources = bind.stream().map(a -> new InetSocketAddress(a, 0)).toList();
            RawClient.Settings raw = new RawClient.Settings(common.handshakeHeaders(), common.connectTimeout(), connectConcurrency);
            BenchResult.Figures figures;
            try (BenchRun run = new BenchRun(options, transports, stats, terminal, raw, sources)) {
                figures = mode.start().run(run);
            }
            BenchReport.print(new BenchResult(mode, options.uris(), connections, stats.connectionsOpened.sum(), stats.connectionsFailed.sum(),
                    figures, stats.errors()), json, terminal.out());
        } finally {
            transports.forEach(Transport::close);
        }
        if (stats.connectionsOpened.sum() == 0 && stats.firstFailure() != null) {
            terminal.err().println("wskit-cli: " + stats.firstFailure().message());
            return stats.firstFailure().exitCode();
        }
        return stats.errorCount() == 0 ? ExitCode.OK : ExitCode.BENCH_ERRORS;
    }

    /** The options, checked; a usage error (exit 2) names the first one that is wrong. */
    private BenchOptions options() {
        List<URI> uris = new ArrayList<>();
        for (String url : urls) {
            uris.add(common.target(url));
        }
        Duration duration = length.duration != null ? length.duration : Duration.ofSeconds(10);
        RetryPolicy retry = reconnect.policy();
        check(connections >= 1, "--connections must be at least 1");
        check(inFlight >= 1, "--in-flight must be at least 1");
        check(connectConcurrency >= 1, "--connect-concurrency must be at least 1");
        check(length.messages >= 0, "--messages must not be negative");
        check(mode != BenchOptions.Mode.idle || length.messages == 0, "--messages applies to echo and rooms modes; idle mode holds for --duration");
        check(!duration.isZero() || length.messages > 0, "--duration must be more than 0");
        check(publishers >= 1, "--publishers must be at least 1");
        check(rate >= 1 && rate <= 1_000_000, "--rate must be 1 to 1000000 messages per second");
        check(mode == BenchOptions.Mode.rooms || !retry.enabled(), "--reconnect applies to rooms mode");
        check(mode == BenchOptions.Mode.rooms || mode == BenchOptions.Mode.broadcast || uris.size() == 1,
                "several URLs apply to rooms and broadcast modes (one room on several nodes)");
        boolean rawPossible = uris.stream().allMatch(u -> u.getScheme().equalsIgnoreCase("ws")) && !common.deflate();
        boolean rawMode = mode != BenchOptions.Mode.rooms;
        check(client != BenchOptions.Client.raw || rawPossible, "--client raw speaks plain ws: without --deflate");
        check(client != BenchOptions.Client.raw || rawMode, "--client raw applies to echo, idle and broadcast modes");
        check(mode != BenchOptions.Mode.broadcast || (rawPossible && client != BenchOptions.Client.jakarta),
                "broadcast mode runs on the raw client: plain ws:, no --deflate, no --client jakarta");
        check(mode != BenchOptions.Mode.broadcast || size >= 16, "broadcast mode needs --size of at least 16 bytes (the stamp)");
        check(!room || mode == BenchOptions.Mode.broadcast, "--room applies to broadcast mode");
        check(!room || type == BenchOptions.Type.text, "--room says text: no -t binary");
        BenchOptions.Client chosen = client == BenchOptions.Client.auto
                ? (rawPossible && rawMode ? BenchOptions.Client.raw : BenchOptions.Client.jakarta) : client;
        return new BenchOptions(uris, mode, connections, inFlight, size, type, publishers, rate, duration, length.messages, rampUp,
                connectConcurrency, serverPid, progress, common.verbose(), retry, chosen, room);
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw common.usage(message);
        }
    }
}
