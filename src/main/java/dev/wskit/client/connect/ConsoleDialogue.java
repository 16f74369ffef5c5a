package dev.wskit.client.connect;

import dev.wskit.client.Conversation;
import dev.wskit.client.Failure;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One connection of {@code connect}: typed lines become messages and commands, received messages are printed
 * (type, size and a preview; with {@code --script} the text itself, binary as base64), and it counts both ways so
 * that the end of input waits for as many messages as were sent.
 *
 * <p>Not thread-safe: called by the conversation's loop only.
 */
final class ConsoleDialogue implements Conversation.Dialogue<Incoming> {

    private static final int PREVIEW_CHARS = 2000;
    private static final int PREVIEW_BYTES = 64;

    private final Session session;
    private final Conversation<Incoming> talk;
    private final URI uri;
    private final boolean script;
    private final boolean verbose;
    private final PrintWriter out;
    private final PrintWriter err;
    private long sent;
    private long received;

    ConsoleDialogue(Session session, Conversation<Incoming> talk, URI uri, boolean script, boolean verbose, PrintWriter out, PrintWriter err) {
        this.session = session;
        this.talk = talk;
        this.uri = uri;
        this.script = script;
        this.verbose = verbose;
        this.out = out;
        this.err = err;
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public void opened() {
        talk.status("connected to " + uri + describe(session) + (script ? "" : "; type a line to send it, /help for commands"));
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

    @Override
    public void line(String text) {
        InputLine c = script ? InputLine.text(text) : InputLine.parse(text);
        if (c.kind() == InputLine.Kind.CLOSE) {
            talk.close(c.code(), c.argument());
        } else if (send(c)) {
            sent++;
        }
    }

    @Override
    public void received(Incoming message) {
        if (message instanceof Incoming.Text text) {
            received++;
            print(text);
        } else if (message instanceof Incoming.Binary binary) {
            received++;
            print(binary);
        } else if (message instanceof Incoming.Pong pong && !script) {
            out.println("< pong (" + pong.data().length + " B)" + hexPreview(pong.data()));
        }
    }

    @Override
    public void error(Throwable failure) {
        talk.status("error: " + Failure.oneLine(String.valueOf(failure)));
        if (verbose) {
            failure.printStackTrace(err);
        }
    }

    @Override
    public boolean settled() {
        return received >= sent;
    }

    @Override
    public String leaveReason() {
        return "";
    }

    @Override
    public Conversation.Outcome closed(int code, String reason) {
        return null;
    }

    @Override
    public boolean progressed() {
        return received > 0;
    }

    /** Sends a typed line; true when it was a message that should come back. */
    private boolean send(InputLine c) {
        try {
            switch (c.kind()) {
                case TEXT -> session.getBasicRemote().sendText(c.argument());
                case BINARY -> {
                    byte[] data;
                    try {
                        data = Files.readAllBytes(Path.of(c.argument()));
                    } catch (IOException | RuntimeException e) {
                        talk.status("cannot read " + c.argument() + ": " + e.getMessage());
                        return false;
                    }
                    session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
                    talk.status("sent binary (" + data.length + " B) from " + c.argument());
                }
                case PING -> {
                    session.getBasicRemote().sendPing(ByteBuffer.wrap(c.argument().getBytes(StandardCharsets.UTF_8)));
                    return false;
                }
                case HELP -> {
                    err.println(InputLine.HELP_TEXT);
                    return false;
                }
                case INVALID -> {
                    talk.status(c.argument());
                    return false;
                }
                default -> {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            talk.status("send failed: " + Failure.oneLine(String.valueOf(e.getMessage())));
            return false;
        }
    }

    private void print(Incoming.Text text) {
        if (script) {
            out.println(text.text());
            return;
        }
        String t = text.text();
        int bytes = t.getBytes(StandardCharsets.UTF_8).length;
        String shown = t.length() > PREVIEW_CHARS ? t.substring(0, PREVIEW_CHARS) + "... (" + (t.length() - PREVIEW_CHARS) + " more chars)" : t;
        out.println("< text (" + bytes + " B): " + shown);
    }

    private void print(Incoming.Binary binary) {
        if (script) {
            out.println(Base64.getEncoder().encodeToString(binary.data()));
            return;
        }
        out.println("< binary (" + binary.data().length + " B)" + hexPreview(binary.data()));
    }

    private static String hexPreview(byte[] data) {
        if (data.length == 0) {
            return "";
        }
        int n = Math.min(data.length, PREVIEW_BYTES);
        String hex = HexFormat.ofDelimiter(" ").formatHex(data, 0, n);
        return ": " + hex + (data.length > n ? " ..." : "");
    }
}
