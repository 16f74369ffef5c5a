package dev.wskit.rooms.redis;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.AttachmentEncoder;
import dev.wskit.rooms.Names;
import dev.wskit.rooms.Room;
import jakarta.websocket.EncodeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Rooms in Redis, shared by every node: membership and nicks (unique across nodes, {@code maxMembers} across nodes),
 * one numbering per room ({@code seq}, and an {@code epoch} naming the numbering: a new one whenever the room starts
 * again, after it ended with its last member or Redis lost its data), history within {@code historySize} messages and
 * {@code maxHistoryBytes}, and the broadcasts themselves: each is numbered, stamped with Redis's clock, kept and
 * published on the room's channel by one atomic script call, so every node sees one order. {@link FeedHub} brings the
 * published frames to this node's members.
 *
 * <p>Every method waits for Redis at most {@code wskit.redis.commandTimeout} and fails with
 * {@link RedisUnavailableException} when Redis is unreachable or silent.
 *
 * <p>Threading: thread-safe and lock-free; a caller's calls reach Redis in the order it makes them.
 */
public final class RoomStore {

    /** A connection id within a node: what follows {@code node-id/} in an owner. */
    private static final Pattern CONNECTION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final RedisLink link;
    private final Leases leases;
    private final String nodeId;
    private final AttachmentEncoder attachments = new AttachmentEncoder();

    RoomStore(RedisLink link, Leases leases, String nodeId) {
        this.link = link;
        this.leases = leases;
        this.nodeId = nodeId;
    }

    /** The outcome of a join. */
    public sealed interface Join permits Joined, NickTaken, RoomFull {
    }

    /**
     * In. {@code seq} and {@code time} are the join's own broadcast (for the joiner's {@code here}); {@code members}
     * everyone present, the joiner included, in joining order; {@code replay} what the joiner missed after the
     * {@code since} it gave (null without {@code since}).
     */
    public record Joined(RoomClaim claim, String epoch, long seq, long time, List<String> members, Replay replay)
            implements Join {
    }

    /** The nick is held in this room, on this node or another. */
    public record NickTaken() implements Join {
    }

    /** The room has {@code maxMembers} members across all nodes. */
    public record RoomFull(int maxMembers) implements Join {
    }

    /**
     * What history holds after a client's {@code since}. {@code epoch} and {@code last} are the room's numbering and
     * last number (before the join, in a join's replay); {@code first} the oldest number history holds (or
     * {@code last + 1} when it holds nothing); {@code restarted} whether the numbering restarted since the client saw
     * it (its epoch differs, or its {@code since} is beyond {@code last}): then {@code frames} is all of history.
     */
    public record Replay(String epoch, long last, long first, boolean restarted, List<Numbered> frames) {

        /** Whether the client must be told of a gap before the frames: {@link Room#gap}. */
        public boolean gap(long since) {
            return Room.gap(since, first, restarted);
        }
    }

    /** A broadcast's number and Redis time. */
    public record Published(long seq, long time) {
    }

    /**
     * Joins {@code nick} to {@code room} for connection {@code connection} of this node, atomically: refused when the
     * nick is held or the room is full; otherwise the room (created with a new epoch if needed) broadcasts the
     * {@code join} presence. With {@code since} the answer carries what history holds after it, as one cut with the
     * join ({@code epoch}: the numbering the client saw it in, or null). Expired leases in the room are reaped
     * first (once this node may reap). {@code onLost} runs if Redis later drops the claim (see {@link Claim}).
     *
     * @throws IllegalArgumentException for an invalid room, nick or connection id
     */
    public Join join(String room, String nick, String connection, Long since, String epoch, Runnable onLost) {
        Keys keys = Keys.of(Keys.Kind.ROOM, room);
        check(Names.checkNick(nick));
        String owner = owner(connection);
        RedisOptions o = link.options();
        String head = JsonParts.head("presence", room);
        Object answer = run(keys, "joining room '" + room + "'", "room-join", nick,
                owner + "\n" + JsonParts.presenceTail("leave", nick), Integer.toString(o.maxMembers()),
                Long.toString(o.leaseTime().toMillis()), Room.newEpoch(), head, JsonParts.presenceTail("join", nick),
                Integer.toString(o.historySize()), Long.toString(o.maxHistoryBytes()),
                since == null ? "" : Long.toString(since), epoch == null ? "" : epoch, leases.mayReap() ? "1" : "0");
        List<?> a = (List<?>) answer;
        String status = text(a.get(0));
        if (status.equals("taken")) {
            return new NickTaken();
        }
        if (status.equals("full")) {
            return new RoomFull(o.maxMembers());
        }
        expect(status, "ok", answer);
        String roomEpoch = text(a.get(1));
        List<String> members = new ArrayList<>();
        for (Object m : (List<?>) a.get(7)) {
            members.add(text(m));
        }
        Replay replay = null;
        if (since != null) {
            long first = (Long) a.get(4);
            long from = (Long) a.get(6);
            boolean restarted = (Long) a.get(5) == 1;
            replay = new Replay(roomEpoch, (Long) a.get(2) - 1, first, restarted, numbered(first + from, (List<?>) a.get(8)));
        }
        RoomClaim claim = new RoomClaim(this, keys, nick, owner, onLost);
        leases.add(claim);
        return new Joined(claim, roomEpoch, (Long) a.get(2), (Long) a.get(3), List.copyOf(members), replay);
    }

    /**
     * What the room's history holds after {@code since} ({@code epoch}: the numbering the client saw it in, or null);
     * null when the room does not exist (it ended, or Redis lost it).
     */
    public Replay history(String room, long since, String epoch) {
        if (since < 0) {
            throw new IllegalArgumentException("since must be 0 or more, not " + since);
        }
        Keys keys = Keys.of(Keys.Kind.ROOM, room);
        List<?> a = (List<?>) run(keys, "reading the history of room '" + room + "'", "room-history",
                Long.toString(since), epoch == null ? "" : epoch);
        if (text(a.get(0)).equals("none")) {
            return null;
        }
        expect(text(a.get(0)), "ok", a);
        long first = (Long) a.get(3);
        return new Replay(text(a.get(1)), (Long) a.get(2), first, (Long) a.get(4) == 1,
                numbered(first + (Long) a.get(5), (List<?>) a.get(6)));
    }

    Published say(RoomClaim claim, String text) {
        if (!claim.isHeld()) {
            return null;
        }
        RedisOptions o = link.options();
        return published(run(claim.keys, "saying in room '" + claim.where() + "'", "room-say", claim.name, claim.owner,
                Integer.toString(o.historySize()), Long.toString(o.maxHistoryBytes()),
                JsonParts.head("say", claim.where()), JsonParts.sayTail(claim.name, text)), claim);
    }

    Published attach(RoomClaim claim, Attachment attachment) {
        if (!claim.isHeld()) {
            return null;
        }
        ByteBuffer encoded;
        try {
            encoded = attachments.encode(attachment.stamped(0, 0, claim.name));
        } catch (EncodeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        RedisOptions o = link.options();
        return published(call(claim.keys, "sending an attachment to room '" + claim.where() + "'", "room-attach",
                claim.name.getBytes(StandardCharsets.UTF_8), claim.owner.getBytes(StandardCharsets.UTF_8),
                bytes(Integer.toString(o.historySize())), bytes(Long.toString(o.maxHistoryBytes())), bytes), claim);
    }

    /** Releases the claim and broadcasts the leave (the room ends with its last member); false if already gone. */
    boolean leave(RoomClaim claim) {
        return link.await(leaveAsync(claim), "leaving room '" + claim.where() + "'");
    }

    /**
     * As {@link #leave}, without waiting: the claim is released at once (nothing more goes out through it), the
     * answer completes the stage, or {@link RedisUnavailableException} fails it (the lease then expires instead).
     */
    CompletionStage<Boolean> leaveAsync(RoomClaim claim) {
        RedisOptions o = link.options();
        return leaveAsync(claim, "room-leave", strings(claim.name, claim.owner, JsonParts.head("presence",
                claim.where()), Integer.toString(o.historySize()), Long.toString(o.maxHistoryBytes())));
    }

    /**
     * A room's or board's leave without waiting, by operation {@code op} of the script with {@code args}: the claim
     * is released here at once; the stage completes with whether Redis released it ({@code 0}: it was not ours any
     * more), or fails with {@link RedisUnavailableException}.
     */
    CompletionStage<Boolean> leaveAsync(Claim claim, String op, byte[]... args) {
        if (!claim.release()) {
            return CompletableFuture.completedFuture(false);
        }
        leases.remove(claim);
        String what = "leaving " + claim.keys.kind().word + " '" + claim.where() + "'";
        try {
            return callAsync(claim.keys, what, op, args).handle((a, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    throw link.unavailable(cause, what);
                }
                return (Long) ((List<?>) a).get(0) > 0;
            });
        } catch (RedisUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Published published(Object answer, RoomClaim claim) {
        List<?> a = (List<?>) answer;
        if (text(a.get(0)).equals("gone")) {
            leases.remove(claim);
            claim.lost();
            return null;
        }
        expect(text(a.get(0)), "ok", answer);
        return new Published((Long) a.get(1), (Long) a.get(2));
    }

    String owner(String connection) {
        if (connection == null || !CONNECTION.matcher(connection).matches()) {
            throw new IllegalArgumentException("a connection id is 1 to 64 of A-Z a-z 0-9 . _ -, not '" + connection + "'");
        }
        return nodeId + "/" + connection;
    }

    private Object run(Keys keys, String what, String op, String... args) {
        return call(keys, what, op, strings(args));
    }

    private static byte[][] strings(String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = bytes(args[i]);
        }
        return b;
    }

    /** Runs operation {@code op} of the backplane script on one room's or board's keys; waits for the answer. */
    Object call(Keys keys, String what, String op, byte[]... args) {
        return link.await(callAsync(keys, what, op, args), what);
    }

    /**
     * As {@link #call}, without waiting; leaves no Netty thread-local on the calling thread.
     *
     * @throws RedisUnavailableException at once when Redis is not connected
     */
    CompletionStage<Object> callAsync(Keys keys, String what, String op, byte[]... args) {
        RedisOptions o = link.options();
        byte[][] all = new byte[args.length + 3][];
        all[0] = bytes(op);
        all[1] = keys.channel();
        all[2] = bytes(Long.toString(o.keyTimeToLive().toMillis()));
        System.arraycopy(args, 0, all, 3, args.length);
        try {
            return Lua.BACKPLANE.run(link.async(), keys.all(), all);
        } catch (RuntimeException e) {
            throw link.unavailable(e, what);
        } finally {
            RedisLink.forgetThreadLocals();
        }
    }

    static List<Numbered> numbered(long firstSeq, List<?> entries) {
        List<Numbered> out = new ArrayList<>(entries.size());
        long seq = firstSeq;
        for (Object e : entries) {
            out.add(Numbered.entry(seq++, (byte[]) e));
        }
        return out;
    }

    static String text(Object o) {
        return new String((byte[]) o, StandardCharsets.UTF_8);
    }

    static void expect(String status, String wanted, Object answer) {
        if (!status.equals(wanted)) {
            throw new IllegalStateException("unexpected answer from the backplane script: " + status);
        }
    }

    private static void check(String why) {
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
