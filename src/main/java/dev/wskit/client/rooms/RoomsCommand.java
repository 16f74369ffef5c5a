package dev.wskit.client.rooms;

import dev.wskit.client.ConnectEvent;
import dev.wskit.client.ConnectOptions;
import dev.wskit.client.ExitCode;
import dev.wskit.client.Failure;
import dev.wskit.client.Reconnect;
import dev.wskit.client.Terminal;
import dev.wskit.client.Transport;
import dev.wskit.client.Units;
import dev.wskit.codec.Attachment;
import dev.wskit.codec.ClientMessage;
import dev.wskit.codec.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EncodeException;
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
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rooms URL --nick NAME}: a chat client for a wskit room. Room traffic goes to standard output, one line
 * per message; status to standard error. With {@code --reconnect} it remembers the last sequence number it saw and
 * rejoins with {@code since}, so the missed messages are printed in order, or a gap notice says what was lost.
 * Runs on the calling thread; a daemon thread reads standard input into the same event queue the endpoint writes to.
 */
@Command(name = "rooms", sortOptions = false,
        description = {"Chat in a wskit room (e.g. ws://127.0.0.1:8080/rooms/lobby).",
                "Each line typed is said to the room; /help lists commands (/attach FILE [TYPE], /history [SINCE], /who, /quit).",
                "With --script: every line from standard input is said as it is; room messages go to standard output."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:left the room (/quit, end of input) or closed with 1000",
                "2:bad command line or URL, or the room refused the nick",
                "3:server unreachable (unknown host, refused, timeout, not a WebSocket server)",
                "4:handshake refused (HTTP status other than 101, e.g. 400 for a bad room name)",
                "5:TLS failure",
                "6:closed by the server with a code other than 1000",
                "7:connection lost without a close (1006) or idle timeout",
                "1:internal error"})
public class RoomsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectOptions options;

    @Parameters(index = "0", paramLabel = "URL", description = "ws:// or wss:// URL of a room, e.g. ws://127.0.0.1:8080/rooms/lobby")
    String url;

    @Option(names = "--nick", required = true, paramLabel = "NAME", description = "Your name in the room.")
    String nick;

    @Option(names = {"-n", "--script"}, description = "Non-interactive: every stdin line is said as it is (no commands).")
    boolean script;

    @Option(names = "--linger", paramLabel = "DURATION", defaultValue = "5s", converter = Units.DurationConverter.class,
            description = "After end of input, wait until the room has echoed what you said, or until this long passes"
                    + " without a message; then leave. Default: ${DEFAULT-VALUE}.")
    Duration linger;

    @Mixin
    Reconnect reconnect;

    private final Terminal terminal;
    private final BlockingDeque<ConnectEvent> events = new LinkedBlockingDeque<>();
    private final RoomPrinter printer = new RoomPrinter();
    private boolean inputEnded;

    public RoomsCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** How one connection ended: the exit code, whether reconnecting could help, and whether it ever joined. */
    private record Outcome(int exitCode, boolean retryable, boolean joined) {
    }

    @Override
    public Integer call() throws Exception {
        URI uri = ConnectOptions.parseUrl(spec, url);
        options.check(spec);
        if (options.shapesHandshake()) {
            throw new ParameterException(spec.commandLine(), "rooms speaks the room protocol as is: -H, -s, -o and --deflate are for connect");
        }
        if (nick.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--nick must not be blank");
        }
        PrintWriter err = terminal.err();
        Transport transport;
        try {
            transport = new Transport(options, (int) RoomClient.MAX_ATTACHMENT, null);
        } catch (Transport.BadOptionException e) {
            err.println("wskit-cli: " + e.getMessage());
            return ExitCode.USAGE;
        }
        try (transport) {
            startReader();
            while (true) {
                RoomClient client = new RoomClient(listener());
                try {
                    Session session = transport.connectAnnotated(client, uri);
                    client.bind(session);
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
                long since = printer.lastSeq();
                status("connected to " + uri + " as " + nick + (since > 0 ? "; resuming after message " + since : "")
                        + (script ? "" : "; type a line to say it, /help for commands"));
                Outcome outcome = converse(client, since);
                if (outcome.joined()) {
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

    private RoomClient.Listener listener() {
        return new RoomClient.Listener() {
            @Override
            public void message(ServerMessage message) {
                events.add(new ConnectEvent.Room(message));
            }

            @Override
            public void attachment(Attachment attachment) {
                events.add(new ConnectEvent.RoomAttachment(attachment));
            }

            @Override
            public void closed(int code, String reason) {
                events.add(new ConnectEvent.Closed(code, reason));
            }

            @Override
            public void error(Throwable failure) {
                events.add(new ConnectEvent.Error(failure));
            }
        };
    }

    private Outcome converse(RoomClient client, long since) throws InterruptedException {
        Session session = client.session();
        boolean joined = false;
        boolean weClosed = false;
        boolean resuming = since > 0;
        /** Own says not yet heard back: end of input waits for them, so nothing typed is lost on the way out. */
        long unanswered = 0;
        int sentCloseCode = 0;
        int joinRefused = 0;
        boolean notARoom = false;
        java.util.List<ConnectEvent.Line> waiting = new java.util.ArrayList<>();
        send(client, new ClientMessage.Join(nick, resuming ? since : null));
        while (true) {
            ConnectEvent event = inputEnded || weClosed
                    ? events.poll(weClosed ? 10_000 : linger.toMillis(), TimeUnit.MILLISECONDS)
                    : events.take();
            if (event == null) {
                if (weClosed) {
                    status("no close answer from the server; giving up");
                    return new Outcome(ExitCode.OK, false, joined);
                }
                weClosed = close(session, 1000, "");
                sentCloseCode = 1000;
                continue;
            }
            if (event instanceof ConnectEvent.Line line && !weClosed && !joined) {
                // Commands like /who answer from the member list, which the join brings: typed lines wait for it.
                waiting.add(line);
            } else if (event instanceof ConnectEvent.Line line && !weClosed) {
                RoomLine c = script ? RoomLine.say(line.text()) : RoomLine.parse(line.text());
                unanswered += handle(client, c) ? 1 : 0;
                if (c.kind() == RoomLine.Kind.QUIT) {
                    weClosed = close(session, 1000, "bye");
                    sentCloseCode = 1000;
                }
            } else if (event instanceof ConnectEvent.EndOfInput) {
                inputEnded = true;
            } else if (event instanceof ConnectEvent.Room room) {
                ServerMessage m = room.message();
                if (m instanceof ServerMessage.Error error && !joined) {
                    // A refused join: a nick still held by our own dropped connection clears once the server notices.
                    terminal.out().println(printer.line(m, nick));
                    boolean retry = resuming && error.code().equals("nick-taken");
                    close(session, 1000, "");
                    joinRefused = retry ? ExitCode.CLOSED_BY_PEER : ExitCode.USAGE;
                    weClosed = true;
                    sentCloseCode = 1000;
                    continue;
                }
                boolean joinedNow = !joined && m instanceof ServerMessage.Presence p && p.event().equals("here") && p.nick().equals(nick);
                if (m instanceof ServerMessage.Said s && s.nick().equals(nick) && unanswered > 0 && joined) {
                    unanswered--;
                }
                String shown = printer.line(m, nick);
                if (shown.startsWith("* ")) {
                    terminal.err().println(shown);
                } else {
                    terminal.out().println(shown);
                }
                if (joinedNow) {
                    joined = true;
                    for (ConnectEvent.Line w : waiting) {
                        RoomLine c = script ? RoomLine.say(w.text()) : RoomLine.parse(w.text());
                        if (c.kind() == RoomLine.Kind.QUIT) {
                            weClosed = close(session, 1000, "bye");
                            sentCloseCode = 1000;
                            break;
                        }
                        unanswered += handle(client, c) ? 1 : 0;
                    }
                    waiting.clear();
                }
            } else if (event instanceof ConnectEvent.RoomAttachment a) {
                terminal.out().println(printer.line(a.attachment()));
            } else if (event instanceof ConnectEvent.Error error && undecodable(error.failure()) != null) {
                // Jetty closes with 1003 after this; say why in the protocol's terms, once.
                jakarta.websocket.DecodeException d = undecodable(error.failure());
                String text = d.getText() == null ? "a binary message" : "'" + Failure.oneLine(d.getText()) + "'";
                status("not a wskit room: cannot read " + (text.length() > 80 ? text.substring(0, 80) + "...'" : text)
                        + " as a room message (" + Failure.oneLine(String.valueOf(d.getMessage())) + ")");
                notARoom = true;
            } else if (event instanceof ConnectEvent.Error error) {
                if (!(error.failure() instanceof java.nio.channels.ClosedChannelException || error.failure() instanceof java.io.EOFException)
                        || options.verbose()) {
                    // A lost connection is reported by the 1006 close that follows; the channel's complaint adds nothing.
                    status("error: " + Failure.oneLine(String.valueOf(error.failure())));
                }
                if (options.verbose()) {
                    error.failure().printStackTrace(terminal.err());
                }
            } else if (event instanceof ConnectEvent.Closed closed) {
                // Lines typed while this connection never joined are kept, in order, for the next one.
                for (int i = waiting.size() - 1; i >= 0; i--) {
                    events.addFirst(waiting.get(i));
                }
                if (joinRefused != 0) {
                    return new Outcome(joinRefused == ExitCode.USAGE ? ExitCode.USAGE : ExitCode.CLOSED_BY_PEER,
                            joinRefused != ExitCode.USAGE, false);
                }
                if (notARoom) {
                    status("closed: " + closed.code() + " " + closed.reason());
                    return new Outcome(ExitCode.CLOSED_BY_PEER, false, joined);
                }
                return ended(closed, weClosed, sentCloseCode, joined);
            }
            if (inputEnded && joined && unanswered == 0 && !weClosed) {
                weClosed = close(session, 1000, "bye");
                sentCloseCode = 1000;
            }
        }
    }

    private static jakarta.websocket.DecodeException undecodable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof jakarta.websocket.DecodeException d) {
                return d;
            }
        }
        return null;
    }

    /** Carries out a typed line; true when it was a say now waiting for its echo. */
    private boolean handle(RoomClient client, RoomLine c) {
        switch (c.kind()) {
            case SAY -> {
                return send(client, new ClientMessage.Say(c.argument()));
            }
            case ATTACH -> attach(client, c);
            case HISTORY -> send(client, new ClientMessage.History(c.since()));
            case WHO -> terminal.out().println(printer.who());
            case HELP -> terminal.err().println(RoomLine.HELP_TEXT);
            case INVALID -> status(c.argument());
            default -> {
            }
        }
        return false;
    }

    private Outcome ended(ConnectEvent.Closed closed, boolean weClosed, int sentCloseCode, boolean joined) {
        String reason = closed.reason() == null || closed.reason().isEmpty() ? "" : " " + closed.reason();
        if (weClosed && closed.code() == sentCloseCode) {
            status("left the room (" + closed.code() + reason + ")");
            return new Outcome(ExitCode.OK, false, joined);
        }
        if (weClosed && closed.code() == 1006) {
            status("connection lost while closing");
            return new Outcome(ExitCode.CONNECTION_LOST, false, joined);
        }
        if (closed.reason() != null && closed.reason().contains("Idle Timeout")) {
            status("closed: idle timeout (" + closed.code() + reason + ")");
            return new Outcome(ExitCode.CONNECTION_LOST, true, joined);
        }
        status(closed.code() == 1006 ? "connection lost (1006" + reason + ")" : "closed by the server: " + closed.code() + reason);
        return switch (closed.code()) {
            case 1000 -> new Outcome(ExitCode.OK, false, joined);
            case 1006 -> new Outcome(ExitCode.CONNECTION_LOST, true, joined);
            case 1001, 1011, 1012, 1013, 1014 -> new Outcome(ExitCode.CLOSED_BY_PEER, true, joined);
            default -> new Outcome(ExitCode.CLOSED_BY_PEER, false, joined);
        };
    }

    private boolean send(RoomClient client, ClientMessage message) {
        try {
            client.send(message);
            return true;
        } catch (IOException | EncodeException | RuntimeException e) {
            status("send failed: " + Failure.oneLine(String.valueOf(e.getMessage())));
            return false;
        }
    }

    private void attach(RoomClient client, RoomLine c) {
        Path file = Path.of(c.argument());
        byte[] data;
        String type = c.extra();
        try {
            data = Files.readAllBytes(file);
            if (type == null) {
                type = Files.probeContentType(file);
            }
        } catch (IOException | RuntimeException e) {
            status("cannot read " + c.argument() + ": " + e.getMessage());
            return;
        }
        if (type == null) {
            type = "application/octet-stream";
        }
        try {
            client.send(new Attachment(0, 0, "", type, file.getFileName().toString(), ByteBuffer.wrap(data)));
            status("sent " + file.getFileName() + " (" + type + ", " + data.length + " B)");
        } catch (IOException | EncodeException | RuntimeException e) {
            status("cannot send " + c.argument() + ": " + Failure.oneLine(String.valueOf(e.getMessage())));
        }
    }

    private boolean close(Session session, int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            status("close failed: " + Failure.oneLine(String.valueOf(e.getMessage())));
        }
        return true;
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
