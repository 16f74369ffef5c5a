package dev.wskit.rooms;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.AttachmentEncoder;
import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageEncoder;
import jakarta.websocket.EncodeException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One chat room on this node: its members, its sequence numbers and its history.
 *
 * <p>Every broadcast is numbered, encoded once and queued to every member under the room's lock, so all members
 * see one order (sequence numbers strictly increase) and each publisher's messages stay in the order sent; the
 * sends are started after the lock is released. Replies to one member ({@code here}, history, gap) go through the
 * same queue as objects, which the endpoint's declared encoder encodes when they are sent.
 *
 * <p>Threading: thread-safe; methods named {@code *Locked} expect the caller to flush the returned outboxes after
 * releasing every lock ({@link LocalBackplane} holds its own lock around joins and leaves).
 */
public final class Room {

    private final String name;
    private final RoomLimits limits;
    private final LongSupplier clock;
    private final ServerMessageEncoder json = new ServerMessageEncoder();
    private final AttachmentEncoder binary = new AttachmentEncoder();

    private final LinkedHashMap<String, Outbox> members = new LinkedHashMap<>();
    private final ArrayDeque<Entry> history = new ArrayDeque<>();
    private long historyBytes;
    private long seq;

    private record Entry(long seq, Frame frame) {
    }

    public Room(String name, RoomLimits limits, LongSupplier clock) {
        this.name = name;
        this.limits = limits;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public synchronized int size() {
        return members.size();
    }

    public synchronized List<String> members() {
        return List.copyOf(members.keySet());
    }

    /** The last sequence number given out; 0 before the first broadcast. */
    public synchronized long lastSeq() {
        return seq;
    }

    /**
     * Adds a member: replays history after {@code since} (when given) to it alone, then announces it to everyone.
     *
     * @return the outboxes to flush once no lock is held
     */
    synchronized List<Outbox> joinLocked(String nick, Outbox outbox, Long since) throws Refused {
        if (members.containsKey(nick)) {
            throw Refused.error("nick-taken", "nick '" + nick + "' is already in room '" + name + "'");
        }
        if (members.size() >= limits.maxMembers()) {
            throw Refused.close(CloseCodes.ROOM_FULL, "room '" + name + "' is full (" + limits.maxMembers()
                    + " members, wskit.rooms.maxMembers)");
        }
        if (since != null) {
            replayLocked(outbox, since);
        }
        members.put(nick, outbox);
        long now = clock.getAsLong();
        broadcastLocked(new ServerMessage.Presence(name, ++seq, now, "join", nick, List.of()));
        outbox.offer(Frame.reply(new ServerMessage.Presence(name, seq, now, "here", nick, List.copyOf(members.keySet()))));
        return everyone();
    }

    /** Removes a member and tells the others; a no-op for a member already gone. */
    synchronized List<Outbox> leaveLocked(String nick, Outbox outbox) {
        if (members.get(nick) != outbox) {
            return List.of();
        }
        members.remove(nick);
        outbox.discard();
        broadcastLocked(new ServerMessage.Presence(name, ++seq, clock.getAsLong(), "leave", nick, List.of()));
        return everyone();
    }

    public void say(String nick, String text) {
        List<Outbox> flush;
        synchronized (this) {
            if (!members.containsKey(nick)) {
                return;
            }
            broadcastLocked(new ServerMessage.Said(name, ++seq, clock.getAsLong(), nick, text));
            flush = everyone();
        }
        flushAll(flush);
    }

    public void attach(String nick, Attachment attachment) {
        List<Outbox> flush;
        synchronized (this) {
            if (!members.containsKey(nick)) {
                return;
            }
            Attachment stamped = attachment.stamped(++seq, clock.getAsLong(), nick);
            ByteBuffer bytes;
            try {
                bytes = binary.encode(stamped);
            } catch (EncodeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            deliverLocked(seq, Frame.binary(bytes));
            flush = everyone();
        }
        flushAll(flush);
    }

    /** Sends one member what history still holds after {@code since}, preceded by a gap message if that is not all. */
    public void replay(Outbox outbox, long since) {
        synchronized (this) {
            replayLocked(outbox, since);
        }
        outbox.flush();
    }

    private void replayLocked(Outbox outbox, long since) {
        long now = clock.getAsLong();
        long first = history.isEmpty() ? seq + 1 : history.peekFirst().seq();
        boolean restarted = since > seq;
        if (restarted || since + 1 < first) {
            // since > seq: the room ended and was opened again, so its numbers restarted; all of history is new.
            outbox.offer(Frame.reply(new ServerMessage.Gap(name, since, first, now)));
        }
        List<Entry> missed = new ArrayList<>();
        for (Entry e : history) {
            if (restarted || e.seq() > since) {
                missed.add(e);
            }
        }
        outbox.offer(Frame.reply(new ServerMessage.History(name, since, missed.size(), now)));
        for (Entry e : missed) {
            outbox.offer(e.frame());
        }
    }

    private void broadcastLocked(ServerMessage message) {
        long s = message instanceof ServerMessage.Said said ? said.seq() : ((ServerMessage.Presence) message).seq();
        deliverLocked(s, Frame.text(encode(message)));
    }

    /** The one place a broadcast is fanned out: the same frame to every member, then into history. */
    private void deliverLocked(long s, Frame frame) {
        for (Outbox o : members.values()) {
            o.offer(frame);
        }
        remember(s, frame);
    }

    private void remember(long s, Frame frame) {
        if (limits.historySize() == 0 || frame.size() > limits.maxHistoryBytes()) {
            history.clear();
            historyBytes = 0;
            return;
        }
        history.addLast(new Entry(s, frame));
        historyBytes += frame.size();
        while (history.size() > limits.historySize() || historyBytes > limits.maxHistoryBytes()) {
            historyBytes -= history.removeFirst().frame().size();
        }
    }

    private String encode(ServerMessage message) {
        try {
            return json.encode(message);
        } catch (EncodeException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Outbox> everyone() {
        return new ArrayList<>(members.values());
    }

    static void flushAll(List<Outbox> outboxes) {
        for (Outbox o : outboxes) {
            o.flush();
        }
    }
}
