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
 * each batch a member draws is numbered, encoded once and queued to every member, its author included.
 *
 * <p>Threading: thread-safe, like {@link Room}: queued under the board's lock, flushed after it.
 */
public final class Board {

    private static final int CLEAR_SIZE = 5;

    private final String name;
    private final RoomLimits limits;
    private final StrokesEncoder encoder = new StrokesEncoder();
    private final Set<Outbox> members = new LinkedHashSet<>();
    private final List<Stroke> strokes = new ArrayList<>();
    private long size;
    private long seq;

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

    synchronized List<Outbox> joinLocked(Outbox outbox) throws Refused {
        if (members.size() >= limits.maxMembers()) {
            throw Refused.close(CloseCodes.ROOM_FULL, "board '" + name + "' is full (" + limits.maxMembers()
                    + " members, wskit.rooms.maxMembers)");
        }
        List<Stroke> state = new ArrayList<>(strokes.size() + 1);
        state.add(new Stroke(Stroke.Kind.CLEAR, seq, 0, 0, new int[0]));
        state.addAll(strokes);
        outbox.offer(Frame.binary(encode(new Strokes(state))));
        members.add(outbox);
        return List.of(outbox);
    }

    synchronized boolean leaveLocked(Outbox outbox) {
        outbox.discard();
        members.remove(outbox);
        return members.isEmpty();
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
            for (Stroke s : batch.strokes()) {
                Stroke n = s.numbered(++seq & 0xFFFF_FFFFL);
                numbered.add(n);
                if (n.kind() == Stroke.Kind.CLEAR) {
                    strokes.clear();
                    size = 0;
                } else {
                    strokes.add(n);
                    size += bytes(n);
                }
            }
            Frame frame = Frame.binary(encode(new Strokes(numbered)));
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
