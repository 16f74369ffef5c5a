package dev.wskit.client.rooms;

import dev.wskit.client.Conversation;
import dev.wskit.client.ExitCode;
import dev.wskit.client.Failure;
import dev.wskit.codec.Attachment;
import dev.wskit.codec.ClientMessage;
import dev.wskit.codec.ServerMessage;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Session;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection of {@code rooms}, from the join to the close, and the state of that visit: whether the room took
 * the join, lines typed before it did (they wait for it, since commands like {@code /who} answer from the member
 * list the join brings), own says not yet heard back (end of input waits for them, so nothing typed is lost on the
 * way out), and how the room refused us if it did.
 *
 * <p>Not thread-safe: called by the conversation's loop only.
 */
final class RoomVisit implements Conversation.Dialogue<Object> {

    /** What stays the same from one visit to the next. */
    record Chat(String nick, boolean script, boolean verbose, RoomPrinter printer, java.io.PrintWriter out, java.io.PrintWriter err) {
    }

    private final RoomClient client;
    private final Conversation<Object> talk;
    private final Chat chat;
    private final URI uri;
    /** The last message seen before this visit, 0 for none: the join asks for what came after it. */
    private final long since;
    /** The numbering {@link #since} belongs to, null if the room never named one. */
    private final String epoch;
    private final List<String> waiting = new ArrayList<>();
    private boolean joined;
    private long unanswered;
    /** How the visit ends because the room refused the join, or null. */
    private Conversation.Outcome refused;
    private boolean notARoom;

    RoomVisit(RoomClient client, Conversation<Object> talk, Chat chat, URI uri) {
        this.client = client;
        this.talk = talk;
        this.chat = chat;
        this.uri = uri;
        this.since = chat.printer().lastSeq();
        this.epoch = chat.printer().lastEpoch();
    }

    @Override
    public Session session() {
        return client.session();
    }

    @Override
    public void opened() {
        talk.status("connected to " + uri + " as " + chat.nick() + (since > 0 ? "; resuming after message " + since : "")
                + (chat.script() ? "" : "; type a line to say it, /help for commands"));
        send(since > 0 ? new ClientMessage.Join(chat.nick(), since, epoch) : new ClientMessage.Join(chat.nick(), null));
    }

    @Override
    public void line(String text) {
        if (joined) {
            act(text);
        } else {
            waiting.add(text);
        }
    }

    private void act(String text) {
        RoomLine c = chat.script() ? RoomLine.say(text) : RoomLine.parse(text);
        if (c.kind() == RoomLine.Kind.QUIT) {
            talk.close(1000, "bye");
        } else if (handle(c)) {
            unanswered++;
        }
    }

    @Override
    public void received(Object message) {
        if (message instanceof Attachment a) {
            chat.out().println(chat.printer().line(a));
            return;
        }
        ServerMessage m = (ServerMessage) message;
        if (m instanceof ServerMessage.Error error && !joined) {
            // A refused join: a nick still held by our own dropped connection clears once the server notices.
            chat.out().println(chat.printer().line(m, chat.nick()));
            refused = since > 0 && error.code().equals("nick-taken")
                    ? new Conversation.Outcome(ExitCode.CLOSED_BY_PEER, true)
                    : new Conversation.Outcome(ExitCode.USAGE, false);
            talk.close(1000, "");
            return;
        }
        boolean joinedNow = !joined && m instanceof ServerMessage.Presence p && p.event().equals("here") && p.nick().equals(chat.nick());
        if (m instanceof ServerMessage.Said s && s.nick().equals(chat.nick()) && unanswered > 0 && joined) {
            unanswered--;
        }
        String shown = chat.printer().line(m, chat.nick());
        (shown.startsWith("* ") ? chat.err() : chat.out()).println(shown);
        if (joinedNow) {
            joined = true;
            for (String w : waiting) {
                if (talk.closing()) {
                    break;
                }
                act(w);
            }
            waiting.clear();
        }
    }

    @Override
    public void error(Throwable failure) {
        DecodeException d = undecodable(failure);
        if (d != null) {
            // Jetty closes with 1003 after this; say why in the protocol's terms, once.
            String text = d.getText() == null ? "a binary message" : "'" + Failure.oneLine(d.getText()) + "'";
            talk.status("not a wskit room: cannot read " + (text.length() > 80 ? text.substring(0, 80) + "...'" : text)
                    + " as a room message (" + Failure.oneLine(String.valueOf(d.getMessage())) + ")");
            notARoom = true;
            return;
        }
        if (!(failure instanceof ClosedChannelException || failure instanceof EOFException) || chat.verbose()) {
            // A lost connection is reported by the 1006 close that follows; the channel's complaint adds nothing.
            talk.status("error: " + Failure.oneLine(String.valueOf(failure)));
        }
        if (chat.verbose()) {
            failure.printStackTrace(chat.err());
        }
    }

    private static DecodeException undecodable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DecodeException d) {
                return d;
            }
        }
        return null;
    }

    @Override
    public boolean settled() {
        return joined && unanswered == 0;
    }

    @Override
    public String leaveReason() {
        return "bye";
    }

    @Override
    public Conversation.Outcome closed(int code, String reason) {
        // Lines typed while this connection never joined are kept, in order, for the next one.
        talk.requeue(waiting);
        if (refused != null) {
            return refused;
        }
        if (notARoom) {
            talk.status("closed: " + code + " " + reason);
            return new Conversation.Outcome(ExitCode.CLOSED_BY_PEER, false);
        }
        return null;
    }

    @Override
    public boolean progressed() {
        return joined;
    }

    /** Carries out a typed line; true when it was a say now waiting for its echo. */
    private boolean handle(RoomLine c) {
        switch (c.kind()) {
            case SAY -> {
                return send(new ClientMessage.Say(c.argument()));
            }
            case ATTACH -> attach(c);
            case HISTORY -> send(new ClientMessage.History(c.since(), chat.printer().lastEpoch()));
            case WHO -> chat.out().println(chat.printer().who());
            case HELP -> chat.err().println(RoomLine.HELP_TEXT);
            case INVALID -> talk.status(c.argument());
            default -> {
            }
        }
        return false;
    }

    private boolean send(ClientMessage message) {
        try {
            client.send(message);
            return true;
        } catch (IOException | EncodeException | RuntimeException e) {
            talk.status("send failed: " + Failure.oneLine(String.valueOf(e.getMessage())));
            return false;
        }
    }

    private void attach(RoomLine c) {
        Path file = Path.of(c.argument());
        byte[] data;
        String type = c.extra();
        try {
            data = Files.readAllBytes(file);
            if (type == null) {
                type = Files.probeContentType(file);
            }
        } catch (IOException | RuntimeException e) {
            talk.status("cannot read " + c.argument() + ": " + e.getMessage());
            return;
        }
        if (type == null) {
            type = "application/octet-stream";
        }
        try {
            client.send(new Attachment(0, 0, "", type, file.getFileName().toString(), ByteBuffer.wrap(data)));
            talk.status("sent " + file.getFileName() + " (" + type + ", " + data.length + " B)");
        } catch (IOException | EncodeException | RuntimeException e) {
            talk.status("cannot send " + c.argument() + ": " + Failure.oneLine(String.valueOf(e.getMessage())));
        }
    }
}
