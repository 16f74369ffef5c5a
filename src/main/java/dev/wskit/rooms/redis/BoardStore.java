package dev.wskit.rooms.redis;

import dev.wskit.codec.Stroke;
import dev.wskit.codec.Strokes;
import dev.wskit.codec.StrokesEncoder;
import dev.wskit.rooms.Frame;
import dev.wskit.rooms.Room;
import jakarta.websocket.EncodeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Boards in Redis, shared by every node: members ({@code maxMembers} across nodes, leases as for rooms), one
 * numbering per board (u32 in the records, an epoch as for rooms), the strokes drawn since the last clear within
 * {@code maxBoardSize} (a batch that would pass it is refused whole, atomically: {@code board-full}), and the late
 * joiner's snapshot: a clear record carrying the board's last number, then every line since the last clear. Each
 * batch is numbered, kept and published on the board's channel by one script call.
 *
 * <p>Every method waits for Redis at most {@code wskit.redis.commandTimeout} and fails with
 * {@link RedisUnavailableException} when Redis is unreachable or silent.
 *
 * <p>Threading: thread-safe and lock-free.
 */
public final class BoardStore {

    private final RoomStore rooms;
    private final RedisLink link;
    private final Leases leases;
    private final StrokesEncoder encoder = new StrokesEncoder();

    BoardStore(RoomStore rooms, RedisLink link, Leases leases) {
        this.rooms = rooms;
        this.link = link;
        this.leases = leases;
    }

    /** The outcome of a board join. */
    public sealed interface Join permits Joined, BoardFull {
    }

    /** In: {@code snapshot} is the board as one message, at number {@code seq}. */
    public record Joined(BoardClaim claim, String epoch, long seq, Frame snapshot) implements Join {
    }

    /** The board has {@code maxMembers} members across all nodes. */
    public record BoardFull(int maxMembers) implements Join {
    }

    /** The outcome of drawing. */
    public sealed interface Draw permits Drawn, TooMuch, Gone {
    }

    /** Numbered {@code first} to {@code last} and broadcast. */
    public record Drawn(long first, long last) implements Draw {
    }

    /** Refused whole: the board would pass {@code maxBoardSize} bytes; nothing was drawn. */
    public record TooMuch(long maxBoardSize) implements Draw {
    }

    /** The claim is no longer held (its {@code onLost} has run). */
    public record Gone() implements Draw {
    }

    /** A board's state: its epoch, last number and snapshot. */
    public record State(String epoch, long seq, Frame snapshot) {
    }

    /** Joins {@code board} for connection {@code connection} of this node; the answer carries the snapshot. */
    public Join join(String board, String connection, Runnable onLost) {
        Keys keys = Keys.of(Keys.Kind.BOARD, board);
        String owner = rooms.owner(connection);
        RedisOptions o = link.options();
        List<?> a = (List<?>) rooms.call(keys, "joining board '" + board + "'", "board-join", bytes(owner),
                bytes(Integer.toString(o.maxMembers())), bytes(Long.toString(o.leaseTime().toMillis())),
                bytes(Room.newEpoch()), bytes(leases.mayReap() ? "1" : "0"));
        String status = RoomStore.text(a.get(0));
        if (status.equals("full")) {
            return new BoardFull(o.maxMembers());
        }
        RoomStore.expect(status, "ok", a);
        BoardClaim claim = new BoardClaim(this, keys, owner, onLost);
        leases.add(claim);
        return new Joined(claim, RoomStore.text(a.get(1)), (Long) a.get(2), Frame.binary(ByteBuffer.wrap((byte[]) a.get(3))));
    }

    /** The board as a late joiner would receive it; null when the board does not exist. */
    public State state(String board) {
        Keys keys = Keys.of(Keys.Kind.BOARD, board);
        List<?> a = (List<?>) rooms.call(keys, "reading board '" + board + "'", "board-state");
        if (RoomStore.text(a.get(0)).equals("none")) {
            return null;
        }
        return new State(RoomStore.text(a.get(1)), (Long) a.get(2), Frame.binary(ByteBuffer.wrap((byte[]) a.get(3))));
    }

    Draw draw(BoardClaim claim, Strokes strokes) {
        if (!claim.isHeld()) {
            return new Gone();
        }
        List<Stroke> unnumbered = new ArrayList<>(strokes.strokes().size());
        for (Stroke s : strokes.strokes()) {
            unnumbered.add(s.numbered(0));
        }
        ByteBuffer encoded;
        try {
            encoded = encoder.encode(new Strokes(unnumbered));
        } catch (EncodeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        byte[] batch = new byte[encoded.remaining()];
        encoded.get(batch);
        RedisOptions o = link.options();
        List<?> a = (List<?>) rooms.call(claim.keys, "drawing on board '" + claim.where() + "'", "board-draw",
                bytes(claim.owner), bytes(Long.toString(o.maxBoardSize())), batch);
        switch (RoomStore.text(a.get(0))) {
            case "ok":
                return new Drawn((Long) a.get(1), (Long) a.get(2));
            case "full":
                return new TooMuch(o.maxBoardSize());
            case "gone":
                leases.remove(claim);
                claim.lost();
                return new Gone();
            default:
                throw new IllegalStateException("the backplane script could not read a stroke batch it was given");
        }
    }

    boolean leave(BoardClaim claim) {
        return link.await(leaveAsync(claim), "leaving board '" + claim.where() + "'");
    }

    /** As {@link #leave}, without waiting; see {@link RoomStore#leaveAsync}. */
    CompletionStage<Boolean> leaveAsync(BoardClaim claim) {
        return rooms.leaveAsync(claim, "board-leave", bytes(claim.owner));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
