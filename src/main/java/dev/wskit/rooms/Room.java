package dev.wskit.rooms;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.AttachmentEncoder;
import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageEncoder;
import jakarta.websocket.EncodeException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One chat room on this node: its members, its sequence numbers and its history. A room ends with its last member
 * ({@link LocalBackplane} then drops it, and a later join opens a new room whose numbers restart).
 *
 * <p>Every broadcast is numbered, encoded once and queued to every member under the room's lock, so all members
 * see one order (sequence numbers strictly increase) and each publisher's messages stay in the order sent; the
 * sends are started after the lock is released. Replies to one member ({@code here}, history, gap) go through the
 * same queue as objects, which the endpoint's declared encoder encodes when they are sent. A join does O(1) work per
 * member under the lock (queueing, copying the member list); the joiner's {@code here} is built after the lock is
 * released, into a place reserved in its outbox right after its own join, so nothing broadcast later overtakes it.
 *
 * <p>Threading: thread-safe; the lock is this room's monitor. Methods named {@code *Locked} expect the caller to hold
 * it (they take it themselves too) and to flush the returned outboxes after releasing every lock.
 */
public final class Room {

    /** The length of an epoch, in hex digits. */
    public static final int EPOCH_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final RoomLimits limits;
    private final LongSupplier clock;
    private final ServerMessageEncoder json = new ServerMessageEncoder();
    private final AttachmentEncoder binary = new AttachmentEncoder();

    private final String epoch = newEpoch();
    private final LinkedHashMap<String, Outbox> members = new LinkedHashMap<>();
    private final ArrayDeque<Entry> history = new ArrayDeque<>();
    private long historyBytes;
    private long seq;
    private boolean ended;

    private record Entry(long seq, Frame frame) {
    }

    /**
     * What a join leaves to do once the room's lock is released: build the joiner's {@code here} message (its join's
     * number and time, everyone present) into the place reserved for it, then flush. {@code members} is empty when
     * the joiner was not added (its outbox died while the history was replayed to it).
     */
    record Joined(String nick, long seq, long time, List<String> members, Outbox outbox, List<Outbox> flush) {

        boolean added() {
            return !members.isEmpty();
        }
    }

    public Room(String name, RoomLimits limits, LongSupplier clock) {
        this.name = name;
        this.limits = limits;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    /** The id of this room's numbering: every room opened (and opened again) gets a new one. */
    public String epoch() {
        return epoch;
    }

    /** A new epoch, here and in Redis: {@link #EPOCH_LENGTH} random lowercase hex digits. */
    public static String newEpoch() {
        byte[] b = new byte[EPOCH_LENGTH / 2];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
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

    /** Whether the room has ended (its last member left): it takes no more members. */
    synchronized boolean isEnded() {
        return ended;
    }

    /** Ends the room if it has no member left. @return whether it ended now */
    synchronized boolean endIfEmptyLocked() {
        if (ended || !members.isEmpty()) {
            return false;
        }
        ended = true;
        history.clear();
        historyBytes = 0;
        return true;
    }

    /**
     * Adds a member: replays history after {@code since} (when given) to it alone, then announces it to everyone and
     * reserves the joiner's place for {@code here}; the caller finishes with {@link #welcome} after releasing the
     * lock. The room must not have ended.
     */
    synchronized Joined joinLocked(String nick, Outbox outbox, Long since, String clientEpoch) throws Refused {
        if (ended) {
            throw new IllegalStateException("room '" + name + "' has ended");
        }
        if (members.containsKey(nick)) {
            throw Refused.error("nick-taken", "nick '" + nick + "' is already in room '" + name + "'");
        }
        if (members.size() >= limits.maxMembers()) {
            throw Refused.close(CloseCodes.ROOM_FULL, "room '" + name + "' is full (" + limits.maxMembers()
                    + " members, wskit.rooms.maxMembers)");
        }
        if (since != null) {
            outbox.traffic().resumed(replayLocked(outbox, since, clientEpoch));
        }
        if (outbox.isDead()) {
            // Its queue could not even hold the replay: it is closed at its flush, never announced.
            return new Joined(nick, seq, 0, List.of(), outbox, List.of(outbox));
        }
        members.put(nick, outbox);
        long now = clock.getAsLong();
        broadcastLocked(new ServerMessage.Presence(name, seq + 1, now, "join", nick, List.of()));
        outbox.reserve();
        return new Joined(nick, seq, now, new ArrayList<>(members.keySet()), outbox, everyone());
    }

    /**
     * Finishes a join outside the room's lock: the joiner's {@code here} (built now; encoded when it is sent) goes into
     * its reserved place, then every outbox is flushed.
     */
    void welcome(Joined joined) {
        if (joined.added()) {
            joined.outbox().fill(Frame.reply(new ServerMessage.Presence(name, joined.seq(), joined.time(), "here",
                    joined.nick(), joined.members(), epoch)));
        }
        flushAll(joined.flush());
    }

    /** Removes a member and tells the others; a no-op for a member already gone. */
    synchronized List<Outbox> leaveLocked(String nick, Outbox outbox) {
        if (members.get(nick) != outbox) {
            return List.of();
        }
        members.remove(nick);
        outbox.discard();
        broadcastLocked(new ServerMessage.Presence(name, seq + 1, clock.getAsLong(), "leave", nick, List.of()));
        return everyone();
    }

    public void say(String nick, String text) {
        List<Outbox> flush;
        synchronized (this) {
            if (!members.containsKey(nick)) {
                return;
            }
            broadcastLocked(new ServerMessage.Said(name, seq + 1, clock.getAsLong(), nick, text));
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
            Attachment stamped = attachment.stamped(seq + 1, clock.getAsLong(), nick);
            ByteBuffer bytes;
            try {
                bytes = binary.encode(stamped);
            } catch (EncodeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            deliverLocked(seq + 1, Frame.binary(bytes));
            flush = everyone();
        }
        flushAll(flush);
    }

    /**
     * Sends one member what history still holds after {@code since} of numbering {@code clientEpoch} (null: this
     * room's), preceded by a gap message if that is not all.
     */
    public void replay(Outbox outbox, long since, String clientEpoch) {
        synchronized (this) {
            replayLocked(outbox, since, clientEpoch);
        }
        outbox.flush();
    }

    /** @return whether the replay is complete (no gap message) */
    private boolean replayLocked(Outbox outbox, long since, String clientEpoch) {
        long first = history.isEmpty() ? seq + 1 : history.peekFirst().seq();
        // Another epoch, or since > seq: the room ended and was opened again, so its numbers restarted; all of
        // history is new to the client.
        boolean restarted = since > seq || (clientEpoch != null && !clientEpoch.equals(epoch));
        List<Frame> missed = new ArrayList<>();
        for (Entry e : history) {
            if (restarted || e.seq() > since) {
                missed.add(e.frame());
            }
        }
        for (Frame f : replayFrames(name, since, first, restarted, epoch, clock.getAsLong(), missed)) {
            outbox.offer(f);
        }
        return !gap(since, first, restarted);
    }

    /**
     * Whether a member resuming after {@code since} must be told of a gap before what it missed: the numbering
     * restarted since it saw it, or history no longer reaches back to {@code since + 1} ({@code first}: the oldest
     * number history holds, or the next number when it holds nothing). Here and in Redis.
     */
    public static boolean gap(long since, long first, boolean restarted) {
        return restarted || since + 1 < first;
    }

    /**
     * The frames a replay brings a member of room {@code room} (numbering {@code epoch}) who resumes after
     * {@code since}: a gap message if {@link #gap} says so, the history message, then the {@code missed} broadcasts.
     * Here and in Redis.
     */
    public static List<Frame> replayFrames(String room, long since, long first, boolean restarted, String epoch,
            long now, List<Frame> missed) {
        List<Frame> out = new ArrayList<>(missed.size() + 2);
        if (gap(since, first, restarted)) {
            out.add(Frame.reply(new ServerMessage.Gap(room, since, first, now, epoch, restarted)));
        }
        out.add(Frame.reply(new ServerMessage.History(room, since, missed.size(), now, epoch)));
        out.addAll(missed);
        return out;
    }

    /** Encodes a message numbered {@code seq + 1} and delivers it; one that cannot be encoded takes no number. */
    private void broadcastLocked(ServerMessage message) {
        long s = message instanceof ServerMessage.Said said ? said.seq() : ((ServerMessage.Presence) message).seq();
        deliverLocked(s, Frame.text(encode(message)));
    }

    /** The one place a broadcast is fanned out: numbered, the same frame to every member, then into history. */
    private void deliverLocked(long s, Frame frame) {
        seq = s;
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
