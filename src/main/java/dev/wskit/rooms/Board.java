package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.Stroke;
import dev.wskit.codec.Strokes;
import dev.wskit.codec.StrokesEncoder;
import jakarta.websocket.EncodeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One shared drawing board on this node: the strokes drawn since the last clear, numbered per board. A joiner first
 * receives the whole board as one message (a CLEAR record carrying the board's last number, then every stroke);
 * each batch a member draws is numbered, encoded once and queued to every member, its author included. A board ends
 * with its last member.
 *
 * <p>The board keeps its strokes as the encoded line records already broadcast, in an immutable chain (newest
 * first), so a join takes the chain's head under the lock in O(1) and copies the bytes (up to
 * {@code wskit.boards.maxBoardSize}) into the snapshot after releasing it; the snapshot goes into a place reserved at
 * the head of the joiner's outbox, so strokes drawn meanwhile follow it.
 *
 * <p>Threading: thread-safe, like {@link Room}: queued under the board's monitor, flushed after it; the chain is
 * never modified, only replaced.
 */
public final class Board {

    private static final System.Logger LOG = System.getLogger(Board.class.getName());
    private static final int CLEAR_SIZE = 5;

    private final String name;
    private final RoomLimits limits;
    private final StrokesEncoder encoder = new StrokesEncoder();
    private final Set<Outbox> members = new LinkedHashSet<>();
    /** Encoded line records since the last clear, newest first; {@code null} when the board is clear. */
    private Segment strokes;
    private long size;
    private long seq;
    private boolean ended;

    /** Line records as encoded, in a chain to the older ones. Immutable; {@code records} is a read-only buffer. */
    private record Segment(ByteBuffer records, Segment older) {
    }

    /** What a join leaves to do once the board's lock is released: build the snapshot into the reserved place. */
    record Joined(Outbox outbox, long seq, Segment strokes, long size) {
    }

    public Board(String name, RoomLimits limits) {
        this.name = name;
        this.limits = limits;
    }

    public String name() {
        return name;
    }

    public synchronized int size() {
        return members.size();
    }

    /** Encoded bytes of the strokes kept. */
    public synchronized long stateBytes() {
        return size;
    }

    synchronized boolean isEnded() {
        return ended;
    }

    /** Ends the board if it has no member left. @return whether it ended now */
    synchronized boolean endIfEmptyLocked() {
        if (ended || !members.isEmpty()) {
            return false;
        }
        ended = true;
        strokes = null;
        size = 0;
        return true;
    }

    /**
     * Adds a member and reserves the head of its outbox for the board's state; the caller finishes with
     * {@link #welcome} after releasing the lock. The board must not have ended.
     */
    synchronized Joined joinLocked(Outbox outbox) throws Refused {
        if (ended) {
            throw new IllegalStateException("board '" + name + "' has ended");
        }
        if (members.size() >= limits.maxMembers()) {
            throw Refused.close(CloseCodes.ROOM_FULL, "board '" + name + "' is full (" + limits.maxMembers()
                    + " members, wskit.rooms.maxMembers)");
        }
        if (outbox.isDead()) {
            // Closed before it joined (its death already carried out): never a member.
            return new Joined(outbox, seq, null, 0);
        }
        outbox.reserve();
        members.add(outbox);
        return new Joined(outbox, seq, strokes, size);
    }

    /** Builds the joiner's snapshot outside the lock, puts it at the head of its outbox and flushes it. */
    void welcome(Joined joined) {
        if (joined.outbox().isDead()) {
            joined.outbox().flush(); // carries out a death not yet reported
            return;
        }
        Frame snapshot;
        try {
            snapshot = Frame.binary(snapshot(joined));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "board " + name + " | snapshot | cannot build it: " + e, e);
            joined.outbox().fail(CloseCodes.INTERNAL_ERROR, "internal error: the board could not be sent");
            return;
        }
        joined.outbox().fill(snapshot);
    }

    /** A CLEAR record carrying the board's number, then every line since the last clear, oldest first. */
    private ByteBuffer snapshot(Joined joined) {
        ByteBuffer clear = encode(new Strokes(List.of(new Stroke(Stroke.Kind.CLEAR, joined.seq() & 0xFFFF_FFFFL, 0, 0,
                new int[0]))));
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(clear.remaining() + joined.size()));
        out.put(clear);
        int end = out.capacity();
        for (Segment s = joined.strokes(); s != null; s = s.older()) {
            int n = s.records().remaining();
            end -= n;
            out.put(end, s.records(), s.records().position(), n);
        }
        if (end != clear.limit()) {
            throw new IllegalStateException("board '" + name + "': its strokes do not add up to " + joined.size() + " bytes");
        }
        return out.position(0);
    }

    synchronized void leaveLocked(Outbox outbox) {
        outbox.discard();
        members.remove(outbox);
    }

    /**
     * Numbers and broadcasts a batch. A batch that would grow the board past {@code wskit.boards.maxBoardSize} is
     * refused whole.
     */
    public void draw(Outbox from, Strokes batch) throws Refused {
        List<Outbox> flush;
        synchronized (this) {
            if (!members.contains(from)) {
                return;
            }
            long projected = size;
            for (Stroke s : batch.strokes()) {
                projected = s.kind() == Stroke.Kind.CLEAR ? 0 : projected + bytes(s);
            }
            if (projected > limits.maxBoardSize()) {
                throw Refused.error("board-full", "board '" + name + "' holds its limit of " + limits.maxBoardSize()
                        + " bytes of strokes (wskit.boards.maxBoardSize); clear it to draw more");
            }
            List<Stroke> numbered = new ArrayList<>(batch.strokes().size());
            int lastClear = -1;
            long next = seq;
            for (Stroke s : batch.strokes()) {
                Stroke n = s.numbered(++next & 0xFFFF_FFFFL);
                if (n.kind() == Stroke.Kind.CLEAR) {
                    lastClear = numbered.size();
                }
                numbered.add(n);
            }
            // Encoded before anything changes: a batch that cannot be encoded leaves the board as it was.
            ByteBuffer bytes = encode(new Strokes(numbered));
            ByteBuffer kept = lastClear < 0 ? bytes : lastClear == numbered.size() - 1 ? null
                    : encode(new Strokes(numbered.subList(lastClear + 1, numbered.size())));
            seq = next;
            if (lastClear >= 0) {
                strokes = null;
            }
            if (kept != null) {
                strokes = new Segment(kept.asReadOnlyBuffer(), strokes);
            }
            size = projected;
            Frame frame = Frame.binary(bytes);
            for (Outbox o : members) {
                o.offer(frame);
            }
            flush = new ArrayList<>(members);
        }
        Room.flushAll(flush);
    }

    private static long bytes(Stroke s) {
        return s.kind() == Stroke.Kind.CLEAR ? CLEAR_SIZE : 12L + 4L * s.pointCount();
    }

    private ByteBuffer encode(Strokes s) {
        try {
            return encoder.encode(s);
        } catch (EncodeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
