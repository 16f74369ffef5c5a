package dev.wskit.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The conversation of {@code connect} and {@code rooms}: lines from standard input go out, what the server sends
 * comes in, one connection after another while {@code --reconnect} allows. The runner owns what both commands do
 * alike: the retry loop, the input reader, the end of input ({@code --linger}), closing with a code, and how a
 * close becomes an exit code. A {@link Party} (the command) opens each connection and a {@link Dialogue} (one per
 * connection) decides what a line or a message means.
 *
 * <p>Threading: {@link #run} runs on the command's thread and calls the party and the dialogues from it only. The
 * endpoint's container threads and a daemon thread reading standard input only add to one event queue through the
 * {@link Inbox} methods, so one loop sees user input and connection events in order.
 *
 * @param <M> what the endpoint receives: text, binary and pongs for {@code connect}, room messages for {@code rooms}
 */
public final class Conversation<M> implements Inbox<M> {

    /** How long to wait for the server to answer our close before giving up on it. */
    private static final long CLOSE_ANSWER_MILLIS = 10_000;

    /** The command's side: how to connect, and how to word the end of a connection. Called on the command's thread. */
    public interface Party<M> {
        /** Opens a connection whose endpoint reports to {@code conversation}, and returns its dialogue. */
        Dialogue<M> connect(Transport transport, URI uri, Conversation<M> conversation) throws Exception;

        /** The status line for a connection that ended this way; {@code why} is empty or a space and the reason. */
        String ended(Ending ending, int code, String why);
    }

    /** One connection's side of the conversation. Called on the command's thread. */
    public interface Dialogue<M> {
        Session session();

        /** The connection is open: say so, and send what starts the conversation (a join). */
        void opened();

        /** A line of input, while the conversation is not closing. */
        void line(String text);

        void received(M message);

        void error(Throwable failure);

        /** Once input has ended, the conversation closes as soon as this is true: everything sent has come back. */
        boolean settled();

        /** The reason of the close that follows the end of input. */
        String leaveReason();

        /** How the connection ended when it closed with {@code code}, or null for the usual reading of the code. */
        Outcome closed(int code, String reason);

        /** Whether the connection got anywhere (a message came back, the room took the join): reconnects start over. */
        boolean progressed();
    }

    /** Ways a connection ends that each command words its own way. */
    public enum Ending { LEFT, IDLE_TIMEOUT, CLOSED_BY_SERVER }

    /** How one connection ended: the exit code, and whether reconnecting could help. */
    public record Outcome(int exitCode, boolean retryable) {
    }

    private sealed interface Event<M> {
        record Line<M>(String text) implements Event<M> {
        }

        record EndOfInput<M>() implements Event<M> {
        }

        record Received<M>(M message) implements Event<M> {
        }

        record Closed<M>(int code, String reason) implements Event<M> {
        }

        record Error<M>(Throwable failure) implements Event<M> {
        }
    }

    private final Terminal terminal;
    private final Duration linger;
    private final RetryPolicy retry;
    private final boolean verbose;
    private final BlockingDeque<Event<M>> events = new LinkedBlockingDeque<>();
    private Party<M> party;
    private boolean inputEnded;
    private Session session;
    private boolean closing;
    /** The code of the close we sent on the current connection, or 0. */
    private int sentCloseCode;

    public Conversation(Terminal terminal, Duration linger, RetryPolicy retry, boolean verbose) {
        this.terminal = terminal;
        this.linger = linger;
        this.retry = retry;
        this.verbose = verbose;
    }

    /** Talks to {@code uri} until the conversation ends; returns the exit code. */
    public int run(ConnectOptions options, int maxMessageSize, URI uri, Party<M> party) throws InterruptedException {
        PrintWriter err = terminal.err();
        Transport transport;
        try {
            transport = new Transport(options, maxMessageSize, null);
        } catch (Transport.BadOptionException e) {
            err.println("wskit-cli: " + e.getMessage());
            return ExitCode.USAGE;
        }
        this.party = party;
        Backoff backoff = retry.start();
        try (transport) {
            startReader();
            while (true) {
                Dialogue<M> dialogue;
                try {
                    dialogue = party.connect(transport, uri, this);
                } catch (Exception e) {
                    Failure f = Failure.of(e, uri.toString(), transport.refusalBody(uri));
                    if (verbose) {
                        e.printStackTrace(err);
                    }
                    if (f.exitCode() == ExitCode.UNREACHABLE && waitToRetry(backoff, 0, f.message() + "; retrying")) {
                        continue;
                    }
                    err.println("wskit-cli: " + f.message());
                    return f.exitCode();
                }
                Closing end = converse(dialogue);
                if (dialogue.progressed()) {
                    backoff.succeeded();
                }
                if (end.outcome().retryable() && waitToRetry(backoff, end.code(), "reconnecting")) {
                    events.removeIf(e -> !(e instanceof Event.Line || e instanceof Event.EndOfInput));
                    continue;
                }
                return end.outcome().exitCode();
            }
        }
    }

    /** How a connection ended, and the close code it ended with (0: none came). */
    private record Closing(Outcome outcome, int code) {
    }

    private Closing converse(Dialogue<M> dialogue) throws InterruptedException {
        session = dialogue.session();
        closing = false;
        sentCloseCode = 0;
        dialogue.opened();
        while (true) {
            Event<M> event = inputEnded || closing
                    ? events.poll(closing ? CLOSE_ANSWER_MILLIS : linger.toMillis(), TimeUnit.MILLISECONDS)
                    : events.take();
            if (event == null) {
                if (closing) {
                    status("no close answer from the server; giving up");
                    return new Closing(new Outcome(ExitCode.OK, false), 0);
                }
                close(1000, "");
                continue;
            }
            if (event instanceof Event.Closed<M> closed) {
                Outcome own = dialogue.closed(closed.code(), closed.reason());
                return new Closing(own != null ? own : ended(closed.code(), closed.reason()), closed.code());
            }
            if (event instanceof Event.Line<M> line) {
                if (!closing) {
                    dialogue.line(line.text());
                }
            } else if (event instanceof Event.EndOfInput<M>) {
                inputEnded = true;
            } else if (event instanceof Event.Received<M> received) {
                dialogue.received(received.message());
            } else if (event instanceof Event.Error<M> error) {
                dialogue.error(error.failure());
            }
            if (inputEnded && !closing && dialogue.settled()) {
                close(1000, dialogue.leaveReason());
            }
        }
    }

    private Outcome ended(int code, String reason) {
        String why = reason == null || reason.isEmpty() ? "" : " " + reason;
        // Closes can cross: if the server's code is not ours, the server closed first and its code tells how.
        if (closing && code == sentCloseCode) {
            status(party.ended(Ending.LEFT, code, why));
            return new Outcome(ExitCode.OK, false);
        }
        if (closing && code == 1006) {
            status("connection lost while closing");
            return new Outcome(ExitCode.CONNECTION_LOST, false);
        }
        if (reason != null && reason.contains("Idle Timeout")) {
            status(party.ended(Ending.IDLE_TIMEOUT, code, why));
            return new Outcome(ExitCode.CONNECTION_LOST, true);
        }
        status(party.ended(Ending.CLOSED_BY_SERVER, code, why));
        return switch (code) {
            case 1000 -> new Outcome(ExitCode.OK, false);
            case 1006 -> new Outcome(ExitCode.CONNECTION_LOST, true);
            default -> new Outcome(ExitCode.CLOSED_BY_PEER, RetryPolicy.retryable(code));
        };
    }

    /**
     * When the backoff allows another attempt after a close with {@code closeCode} (0: a failed connect), says
     * {@code "wskit-cli: WHAT in N ms"}, waits, and returns true; otherwise returns false at once.
     */
    private boolean waitToRetry(Backoff backoff, int closeCode, String what) throws InterruptedException {
        Optional<Duration> wait = backoff.next(closeCode);
        if (wait.isEmpty()) {
            return false;
        }
        terminal.err().println("wskit-cli: " + what + " in " + wait.get().toMillis() + " ms");
        TimeUnit.MILLISECONDS.sleep(wait.get().toMillis());
        return true;
    }

    /** Closes the current connection with {@code code} and {@code reason}; the conversation then waits for the answer. */
    public void close(int code, String reason) {
        closing = true;
        sentCloseCode = code;
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            status("close failed: " + Failure.oneLine(String.valueOf(e.getMessage())));
        }
    }

    /** Whether we have closed the current connection. */
    public boolean closing() {
        return closing;
    }

    /** Puts lines back at the head of the input, in order, for the next connection. */
    public void requeue(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            events.addFirst(new Event.Line<>(lines.get(i)));
        }
    }

    /** A status line ({@code * ...}) on standard error. */
    public void status(String line) {
        terminal.err().println("* " + line);
    }

    @Override
    public void received(M message) {
        events.add(new Event.Received<>(message));
    }

    @Override
    public void closed(int code, String reason) {
        events.add(new Event.Closed<>(code, reason));
    }

    @Override
    public void error(Throwable failure) {
        events.add(new Event.Error<>(failure));
    }

    private void startReader() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    events.add(new Event.Line<>(line));
                }
            } catch (IOException e) {
                // A broken standard input ends the input like end of file does.
            }
            events.add(new Event.EndOfInput<>());
        }, "wskit-cli-stdin");
        reader.setDaemon(true);
        reader.start();
    }
}
