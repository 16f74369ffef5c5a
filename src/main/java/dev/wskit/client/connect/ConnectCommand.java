package dev.wskit.client.connect;

import dev.wskit.client.ConnectEvent;
import dev.wskit.client.ConnectOptions;
import dev.wskit.client.ExitCode;
import dev.wskit.client.Failure;
import dev.wskit.client.Reconnect;
import dev.wskit.client.Terminal;
import dev.wskit.client.Transport;
import dev.wskit.client.Units;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code connect URL}: a WebSocket conversation on the terminal, or, with {@code --script}, a filter from standard
 * input to standard output. Runs on the calling thread; a daemon thread reads standard input into the same event
 * queue the endpoint writes to, so one loop sees user input and connection events in order.
 */
@Command(name = "connect", sortOptions = false,
        description = {"Open a WebSocket and talk to it.",
                "Interactive: each line typed is sent as a text message; /help lists commands (/binary FILE, /ping, /close CODE REASON).",
                "With --script: lines from standard input are sent as text messages, received text is written to standard output"
                        + " one message per line (binary as base64); status goes to standard error."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:normal close (1000) by either side, or closed by you",
                "2:bad command line or URL",
                "3:server unreachable (unknown host, refused, timeout, not a WebSocket server)",
                "4:handshake refused (HTTP status other than 101)",
                "5:TLS failure",
                "6:closed by the server with a code other than 1000",
                "7:connection lost without a close (1006) or idle timeout",
                "1:internal error"})
public class ConnectCommand implements Callable<Integer> {

    private static final int PREVIEW_CHARS = 2000;
    private static final int PREVIEW_BYTES = 64;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectOptions options;

    @Parameters(index = "0", paramLabel = "URL", description = "ws:// or wss:// URL, e.g. ws://127.0.0.1:8080/echo")
    String url;

    @Option(names = {"-n", "--script"}, description = "Non-interactive: stdin lines in, received messages out, for scripts.")
    boolean script;

    @Option(names = "--linger", paramLabel = "DURATION", defaultValue = "5s", converter = Units.DurationConverter.class,
            description = "After end of input, wait until as many messages have arrived as were sent, or until this long"
                    + " passes without a message; then close with 1000. Default: ${DEFAULT-VALUE}.")
    Duration linger;

    @Mixin
    Reconnect reconnect;

    @Option(names = "--max-message", paramLabel = "SIZE", defaultValue = "64MiB", converter = Units.SizeConverter.class,
            description = "Largest message accepted from the server. Default: ${DEFAULT-VALUE}.")
    int maxMessage;

    private final Terminal terminal;
    private final BlockingQueue<ConnectEvent> events = new LinkedBlockingQueue<>();
    private boolean inputEnded;
    /** The code of the close we sent on the current connection, or 0. */
    private int sentCloseCode;

    public ConnectCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** How one connection ended: the exit code, and whether reconnecting could help. */
    private record Outcome(int exitCode, boolean retryable, long received) {
    }

    @Override
    public Integer call() throws Exception {
        URI uri = ConnectOptions.parseUrl(spec, url);
        options.check(spec);
        PrintWriter err = terminal.err();
        Transport transport;
        try {
            transport = new Transport(options, maxMessage, null);
        } catch (Transport.BadOptionException e) {
            err.println("wskit-cli: " + e.getMessage());
            return ExitCode.USAGE;
        }
        try (transport) {
            startReader();
            while (true) {
                Session session;
                try {
                    session = transport.connect(new ConsoleEndpoint(events), uri);
                } catch (Exception e) {
                    Failure f = Failure.of(e, uri.toString(), transport.refusalBody(uri));
                    if (options.verbose()) {
                        e.printStackTrace(err);
                    }
                    if (f.exitCode() == ExitCode.UNREACHABLE && reconnect.waitToRetry(err, f.message() + "; retrying")) {
                        continue;
                    }
                    err.println("wskit-cli: " + f.message());
                    return f.exitCode();
                }
                status("connected to " + uri + describe(session)
                        + (script ? "" : "; type a line to send it, /help for commands"));
                Outcome outcome = converse(session);
                if (outcome.received() > 0) {
                    reconnect.succeeded();
                }
                if (outcome.retryable() && reconnect.waitToRetry(err, "reconnecting")) {
                    events.removeIf(e -> !(e instanceof ConnectEvent.Line || e instanceof ConnectEvent.EndOfInput));
                    continue;
                }
                return outcome.exitCode();
            }
        }
    }

    private static String describe(Session session) {
        StringBuilder s = new StringBuilder();
        if (session.getNegotiatedSubprotocol() != null && !session.getNegotiatedSubprotocol().isEmpty()) {
            s.append(" (subprotocol ").append(session.getNegotiatedSubprotocol()).append(')');
        }
        if (!session.getNegotiatedExtensions().isEmpty()) {
            s.append(" (extensions");
            session.getNegotiatedExtensions().forEach(x -> s.append(' ').append(x.getName()));
            s.append(')');
        }
        return s.toString();
    }

    private Outcome converse(Session session) throws InterruptedException {
        sentCloseCode = 0;
        long sent = 0;
        long received = 0;
        boolean weClosed = false;
        while (true) {
            ConnectEvent event = inputEnded || weClosed
                    ? events.poll(weClosed ? 10_000 : linger.toMillis(), TimeUnit.MILLISECONDS)
                    : events.take();
            if (event == null) {
                if (weClosed) {
                    status("no close answer from the server; giving up");
                    return new Outcome(ExitCode.OK, false, received);
                }
                weClosed = close(session, 1000, "");
                continue;
            }
            if (event instanceof ConnectEvent.Line line) {
                if (!weClosed) {
                    InputLine c = script ? InputLine.text(line.text()) : InputLine.parse(line.text());
                    if (c.kind() == InputLine.Kind.CLOSE) {
                        weClosed = close(session, c.code(), c.argument());
                    } else if (send(session, c)) {
                        sent++;
                    }
                }
            } else if (event instanceof ConnectEvent.EndOfInput) {
                inputEnded = true;
                if (received >= sent && !weClosed) {
                    weClosed = close(session, 1000, "");
                }
            } else if (event instanceof ConnectEvent.Text || event instanceof ConnectEvent.Binary) {
                received++;
                if (event instanceof ConnectEvent.Text text) {
                    print(text);
                } else {
                    print((ConnectEvent.Binary) event);
                }
                if (inputEnded && received >= sent && !weClosed) {
                    weClosed = close(session, 1000, "");
                }
            } else if (event instanceof ConnectEvent.Pong pong) {
                if (!script) {
                    terminal.out().println("< pong (" + pong.data().length + " B)" + hexPreview(pong.data()));
                }
            } else if (event instanceof ConnectEvent.Error error) {
                status("error: " + Failure.oneLine(String.valueOf(error.failure())));
                if (options.verbose()) {
                    error.failure().printStackTrace(terminal.err());
                }
            } else if (event instanceof ConnectEvent.Closed closed) {
                return ended(closed, weClosed, received);
            }
        }
    }

    private Outcome ended(ConnectEvent.Closed closed, boolean weClosed, long received) {
        String reason = closed.reason() == null || closed.reason().isEmpty() ? "" : " " + closed.reason();
        // Closes can cross: if the server's code is not ours, the server closed first and its code tells how.
        if (weClosed && closed.code() == sentCloseCode) {
            status("closed: " + closed.code() + reason);
            return new Outcome(ExitCode.OK, false, received);
        }
        if (weClosed && closed.code() == 1006) {
            status("connection lost while closing");
            return new Outcome(ExitCode.CONNECTION_LOST, false, received);
        }
        if (closed.reason() != null && closed.reason().contains("Idle Timeout")) {
            status(options.idleTimeout().isZero()
                    ? "closed by the server: idle timeout (" + closed.code() + reason + ")"
                    : "closed: nothing sent or received for --idle-timeout " + options.idleTimeout().toMillis() + " ms (" + closed.code() + ")");
            return new Outcome(ExitCode.CONNECTION_LOST, true, received);
        }
        status("closed by the server: " + closed.code() + reason);
        return switch (closed.code()) {
            case 1000 -> new Outcome(ExitCode.OK, false, received);
            case 1006 -> new Outcome(ExitCode.CONNECTION_LOST, true, received);
            case 1001, 1011, 1012, 1013, 1014 -> new Outcome(ExitCode.CLOSED_BY_PEER, true, received);
            default -> new Outcome(ExitCode.CLOSED_BY_PEER, false, received);
        };
    }

    private boolean send(Session session, InputLine c) {
        try {
            switch (c.kind()) {
                case TEXT -> session.getBasicRemote().sendText(c.argument());
                case BINARY -> {
                    byte[] data;
                    try {
                        data = Files.readAllBytes(Path.of(c.argument()));
                    } catch (IOException | RuntimeException e) {
                        status("cannot read " + c.argument() + ": " + e.getMessage());
                        return false;
                    }
                    session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
                    status("sent binary (" + data.length + " B) from " + c.argument());
                }
                case PING -> {
                    session.getBasicRemote().sendPing(ByteBuffer.wrap(c.argument().getBytes(StandardCharsets.UTF_8)));
                    return false;
                }
                case HELP -> {
                    terminal.err().println(InputLine.HELP_TEXT);
                    return false;
                }
                case INVALID -> {
                    status(c.argument());
                    return false;
                }
                default -> {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            status("send failed: " + Failure.oneLine(String.valueOf(e.getMessage())));
            return false;
        }
    }

    private boolean close(Session session, int code, String reason) {
        sentCloseCode = code;
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            status("close failed: " + Failure.oneLine(String.valueOf(e.getMessage())));
        }
        return true;
    }

    private void print(ConnectEvent.Text text) {
        PrintWriter out = terminal.out();
        if (script) {
            out.println(text.text());
            return;
        }
        String t = text.text();
        int bytes = t.getBytes(StandardCharsets.UTF_8).length;
        String shown = t.length() > PREVIEW_CHARS ? t.substring(0, PREVIEW_CHARS) + "... (" + (t.length() - PREVIEW_CHARS) + " more chars)" : t;
        out.println("< text (" + bytes + " B): " + shown);
    }

    private void print(ConnectEvent.Binary binary) {
        if (script) {
            terminal.out().println(Base64.getEncoder().encodeToString(binary.data()));
            return;
        }
        terminal.out().println("< binary (" + binary.data().length + " B)" + hexPreview(binary.data()));
    }

    private static String hexPreview(byte[] data) {
        if (data.length == 0) {
            return "";
        }
        int n = Math.min(data.length, PREVIEW_BYTES);
        String hex = HexFormat.ofDelimiter(" ").formatHex(data, 0, n);
        return ": " + hex + (data.length > n ? " ..." : "");
    }

    private void status(String line) {
        terminal.err().println("* " + line);
    }

    private void startReader() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    events.add(new ConnectEvent.Line(line));
                }
            } catch (IOException e) {
                // A broken standard input ends the input like end of file does.
            }
            events.add(new ConnectEvent.EndOfInput());
        }, "wskit-cli-stdin");
        reader.setDaemon(true);
        reader.start();
    }
}
