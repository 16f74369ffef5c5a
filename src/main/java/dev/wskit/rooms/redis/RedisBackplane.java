package dev.wskit.rooms.redis;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageEncoder;
import dev.wskit.codec.Strokes;
import dev.wskit.rooms.Backplane;
import dev.wskit.rooms.Frame;
import dev.wskit.rooms.Outbox;
import dev.wskit.rooms.Refused;
import dev.wskit.rooms.Room;
import dev.wskit.rooms.RoomLimits;
import jakarta.websocket.EncodeException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rooms and boards shared by every node on one Redis: the {@link Backplane} over a {@link RedisNode}. Redis holds
 * the members, numbers and history ({@link RoomStore}, {@link BoardStore}); this node keeps, per room or board with
 * members here, one {@link Fanout} (one subscription, counted against {@code wskit.rooms.maxRooms} on this node) that
 * hands each broadcast to the local members' outboxes.
 *
 * <p>A join: the fan-out (and its subscription) first, so nothing published after the join is missed; the member's
 * leave as a death action before anything is queued to it; the atomic join in Redis (nick, {@code maxMembers} across
 * nodes, the {@code join} broadcast and the replay in one cut); then its replay, own {@code join} and {@code here}
 * are queued, and its admission on the feed adds it to the fan-out after exactly the broadcasts that followed its
 * join. A refused join forgets its death action and gives its hold back.
 *
 * <p>Failures are visible, never silent (README, Rooms): a join Redis cannot take is closed with
 * {@link CloseCodes#BACKPLANE_UNAVAILABLE}, as is a member whose message Redis did not take, and every member here
 * once Redis has been unreachable for {@code wskit.redis.commandTimeout}; a member this node can no longer follow
 * (claim lost, broadcasts lost, numbering restarted) is closed with {@link CloseCodes#RESUME} so its client joins
 * again with {@code since} and is told exactly what it missed. A leave releases the member here at once and tells
 * Redis without waiting (when Redis does not hear it, the lease expires instead).
 *
 * <p>Threading: thread-safe. Joins, says, attachments, history and draws run on the member's container thread and
 * wait for Redis (at most the command timeout); leaves never wait. Per-room state is guarded by its fan-out's monitor
 * (no server-wide lock); the maps are concurrent. One daemon thread, {@code wskit-redis-<id>-watch}, closes members
 * when Redis stays unreachable.
 */
public final class RedisBackplane implements Backplane {

    private static final System.Logger LOG = System.getLogger(RedisBackplane.class.getName());
    private static final String UNREACHABLE = "the Redis backplane is unreachable; rooms are unavailable, try again later";

    private final RedisNode node;
    private final RoomLimits limits;
    private final long commandMillis;
    private final ServerMessageEncoder json = new ServerMessageEncoder();
    private final ConcurrentHashMap<String, Fanout> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Fanout> boards = new ConcurrentHashMap<>();
    private final AtomicInteger openRooms = new AtomicInteger();
    private final AtomicInteger openBoards = new AtomicInteger();
    private final AtomicLong connections = new AtomicLong();
    private final ScheduledThreadPoolExecutor watch;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ScheduledFuture<?> outage;

    RedisBackplane(RedisNode node, RoomLimits limits, RedisOptions options) {
        this.node = node;
        this.limits = limits;
        this.commandMillis = options.commandTimeout().toMillis();
        this.watch = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "wskit-redis-" + node.id() + "-watch");
            t.setDaemon(true);
            return t;
        });
        watch.setRemoveOnCancelPolicy(true);
        node.addConnectionListener(new RedisNode.ConnectionListener() {
            @Override
            public void connected() {
                ScheduledFuture<?> f = outage;
                if (f != null) {
                    f.cancel(false);
                }
            }

            @Override
            public void disconnected() {
                try {
                    outage = watch.schedule(RedisBackplane.this::checkOutage, commandMillis, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // closing
                }
            }
        });
    }

    /**
     * Starts this node's backplane: connects to Redis (in the background while it is not there: joins are refused
     * until it is) with these options; {@link #close()} stops it.
     */
    public static RedisBackplane start(RedisAddress address, RedisOptions options, RoomLimits limits) {
        return new RedisBackplane(RedisNode.start(address, options), limits, options);
    }

    /** Whether this node is connected to Redis: for readiness. */
    @Override
    public boolean isUp() {
        return node.isUp();
    }

    /** The node, for tests. */
    RedisNode node() {
        return node;
    }

    /** Rooms with members on this node (each one subscription). */
    public int roomCount() {
        return rooms.size();
    }

    public int boardCount() {
        return boards.size();
    }

    /** Pub/sub subscriptions this node holds: one per room or board with members here. */
    public int subscriptions() {
        return node.feeds().size();
    }

    // ---- rooms ----

    @Override
    public RoomMember joinRoom(String room, String nick, Outbox outbox, Long since, String epoch) throws Refused {
        Fanout fanout = acquire(rooms, openRooms, Keys.Kind.ROOM, room);
        RedisRoomMember member = new RedisRoomMember(fanout, nick, outbox);
        Runnable leave = member::leave;
        outbox.onDeath(leave); // before anything is queued to it: a member closed from now on leaves
        RoomStore.Join join;
        try {
            join = node.rooms().join(room, nick, connectionId(), since, epoch, member::lost);
        } catch (RedisUnavailableException e) {
            throw refuse(fanout, outbox, leave, unavailable("joining " + fanout.label(), e));
        } catch (RuntimeException e) {
            throw refuse(fanout, outbox, leave, e);
        }
        if (join instanceof RoomStore.NickTaken) {
            throw refuse(fanout, outbox, leave, Refused.error("nick-taken", "nick '" + nick + "' is already in room '"
                    + room + "'"));
        }
        if (join instanceof RoomStore.RoomFull full) {
            throw refuse(fanout, outbox, leave, Refused.close(CloseCodes.ROOM_FULL, "room '" + room + "' is full ("
                    + full.maxMembers() + " members, wskit.rooms.maxMembers)"));
        }
        RoomStore.Joined joined = (RoomStore.Joined) join;
        if (!member.claimed(joined.claim())) {
            fanout.release(); // it left while joining: its leave released the claim
            return member;
        }
        fanout.pending(outbox);
        List<Frame> first = new ArrayList<>();
        if (since != null) {
            first.addAll(replay(room, since, joined.replay()));
            outbox.traffic().resumed(!joined.replay().gap(since));
        }
        first.add(Frame.text(encode(new ServerMessage.Presence(room, joined.seq(), joined.time(), "join", nick,
                List.of()))));
        first.add(Frame.reply(new ServerMessage.Presence(room, joined.seq(), joined.time(), "here", nick,
                joined.members(), joined.epoch())));
        for (Frame f : first) {
            outbox.offer(f);
        }
        outbox.flush();
        fanout.subscription().admit(joined.epoch(), joined.seq(), fanout.admission(outbox));
        return member;
    }

    /** The frames a replay brings a member who resumes after {@code since}: see {@link Room#replayFrames}. */
    private static List<Frame> replay(String room, long since, RoomStore.Replay r) {
        List<Frame> missed = new ArrayList<>(r.frames().size());
        for (Numbered n : r.frames()) {
            missed.add(n.frame());
        }
        return Room.replayFrames(room, since, r.first(), r.restarted(), r.epoch(), System.currentTimeMillis(), missed);
    }

    /**
     * A member of a room or board on this node, holding the claim Redis gave its join. Thread-safe: the claim and
     * {@code left} are guarded by its monitor; Redis is called, and the outbox told, outside it.
     */
    private abstract static class Placed<C extends Claim> {
        final Fanout fanout;
        final Outbox outbox;
        private C claim;
        private boolean left;

        Placed(Fanout fanout, Outbox outbox) {
            this.fanout = fanout;
            this.outbox = outbox;
        }

        /** Takes the claim Redis gave the join; false (and the claim let go) when the member left meanwhile. */
        final boolean claimed(C c) {
            synchronized (this) {
                if (!left) {
                    claim = c;
                    return true;
                }
            }
            letGo(c.leaveAsync(), c);
            return false;
        }

        /** The claim, or null before the join's answer and after the leave. */
        final synchronized C claim() {
            return left ? null : claim;
        }

        /** Redis no longer holds this member's claim: it resumes. */
        final void lost() {
            outbox.fail(CloseCodes.RESUME, "you are no longer " + (fanout.kind() == Keys.Kind.ROOM ? "in " : "on ")
                    + fanout.label() + " (your place expired or Redis lost it); "
                    + (fanout.kind() == Keys.Kind.ROOM ? "join" : "connect") + " again");
        }

        public final void leave() {
            C c;
            synchronized (this) {
                if (left) {
                    return;
                }
                left = true;
                c = claim;
            }
            fanout.remove(outbox);
            outbox.discard();
            if (c != null) {
                letGo(c.leaveAsync(), c);
            }
        }
    }

    /** A member of a room on this node. Thread-safe like {@link Placed}. */
    private static final class RedisRoomMember extends Placed<RoomClaim> implements RoomMember {
        private final String nick;

        RedisRoomMember(Fanout fanout, String nick, Outbox outbox) {
            super(fanout, outbox);
            this.nick = nick;
        }

        @Override
        public void say(String text) {
            RoomClaim c = claim();
            if (c == null) {
                return;
            }
            try {
                c.say(text); // null: the claim was lost, and lost() has closed the member
            } catch (RedisUnavailableException e) {
                dropped(outbox, fanout, "saying", e);
            }
        }

        @Override
        public void attach(Attachment attachment) {
            RoomClaim c = claim();
            if (c == null) {
                return;
            }
            try {
                c.attach(attachment);
            } catch (RedisUnavailableException e) {
                dropped(outbox, fanout, "sending an attachment", e);
            }
        }

        @Override
        public void history(long since, String epoch) {
            RoomClaim c = claim();
            if (c == null) {
                return;
            }
            RoomStore.Replay r;
            try {
                r = c.history(since, epoch);
            } catch (RedisUnavailableException e) {
                dropped(outbox, fanout, "reading history", e);
                return;
            }
            if (r == null) {
                lost();
                return;
            }
            fanout.replay(outbox, replay(fanout.name(), since, r));
        }
    }

    // ---- boards ----

    @Override
    public BoardMember joinBoard(String board, Outbox outbox) throws Refused {
        Fanout fanout = acquire(boards, openBoards, Keys.Kind.BOARD, board);
        RedisBoardMember member = new RedisBoardMember(fanout, outbox);
        Runnable leave = member::leave;
        outbox.onDeath(leave);
        BoardStore.Join join;
        try {
            join = node.boards().join(board, connectionId(), member::lost);
        } catch (RedisUnavailableException e) {
            throw refuse(fanout, outbox, leave, unavailable("joining " + fanout.label(), e));
        } catch (RuntimeException e) {
            throw refuse(fanout, outbox, leave, e);
        }
        if (join instanceof BoardStore.BoardFull full) {
            throw refuse(fanout, outbox, leave, Refused.close(CloseCodes.ROOM_FULL, "board '" + board + "' is full ("
                    + full.maxMembers() + " members, wskit.rooms.maxMembers)"));
        }
        BoardStore.Joined joined = (BoardStore.Joined) join;
        if (!member.claimed(joined.claim())) {
            fanout.release();
            return member;
        }
        fanout.pending(outbox);
        outbox.offer(joined.snapshot());
        outbox.flush();
        fanout.subscription().admit(joined.epoch(), joined.seq(), fanout.admission(outbox));
        return member;
    }

    /** A member of a board on this node. Thread-safe like {@link Placed}. */
    private static final class RedisBoardMember extends Placed<BoardClaim> implements BoardMember {
        RedisBoardMember(Fanout fanout, Outbox outbox) {
            super(fanout, outbox);
        }

        @Override
        public void draw(Strokes strokes) throws Refused {
            BoardClaim c = claim();
            if (c == null) {
                return;
            }
            BoardStore.Draw d;
            try {
                d = c.draw(strokes);
            } catch (RedisUnavailableException e) {
                dropped(outbox, fanout, "drawing", e);
                return;
            }
            if (d instanceof BoardStore.TooMuch t) {
                throw Refused.error("board-full", "board '" + fanout.name() + "' holds its limit of " + t.maxBoardSize()
                        + " bytes of strokes (wskit.boards.maxBoardSize); clear it to draw more");
            }
            // Gone: the claim was lost and lost() has closed the member.
        }
    }

    // ---- shared ----

    /**
     * The fan-out of a room or board for a join, with a hold on it and its subscription open: found, or opened here
     * (counted against {@code wskit.rooms.maxRooms}).
     */
    private Fanout acquire(ConcurrentHashMap<String, Fanout> map, AtomicInteger open, Keys.Kind kind, String name)
            throws Refused {
        while (true) {
            Fanout f = map.computeIfAbsent(name, n -> limits.reservePlace(open) ? new Fanout(kind, n, ended -> {
                if (map.remove(ended.name(), ended)) {
                    open.decrementAndGet();
                }
            }) : null);
            if (f == null) {
                throw limits.tooMany(kind.word);
            }
            Boolean opener = f.hold();
            if (opener == null) {
                continue; // it ended after we found it: it is gone from the map now
            }
            if (opener) {
                try {
                    f.subscribed(kind == Keys.Kind.ROOM ? node.feeds().openRoom(name, f) : node.feeds().openBoard(name, f));
                } catch (RuntimeException e) {
                    f.failed(e);
                }
            }
            try {
                f.subscription(commandMillis + 1_000);
                return f;
            } catch (RedisUnavailableException e) {
                f.release();
                throw unavailable("subscribing to " + f.label(), e);
            } catch (RuntimeException e) {
                f.release();
                LOG.log(Level.ERROR, "redis | subscribe | " + f.label() + " failed", e);
                throw Refused.close(CloseCodes.INTERNAL_ERROR, "internal error: could not follow " + f.label());
            }
        }
    }

    /** Undoes a join that did not happen; returns what to throw ({@code why}: a {@link Refused} or a failure). */
    private static <E extends Exception> E refuse(Fanout fanout, Outbox outbox, Runnable leave, E why) {
        outbox.forget(leave); // a connection may try other nicks: refused joins leave nothing behind
        fanout.release();
        return why;
    }

    private static Refused unavailable(String what, RedisUnavailableException e) {
        LOG.log(Level.INFO, "redis | refused | {0}: {1}", what, e.getMessage());
        return Refused.close(CloseCodes.BACKPLANE_UNAVAILABLE, UNREACHABLE);
    }

    /** A member whose request Redis did not take: closed so its client resumes later. */
    private static void dropped(Outbox outbox, Fanout fanout, String what, RedisUnavailableException e) {
        LOG.log(Level.WARNING, "redis | dropped | {0} in {1}: {2}", what, fanout.label(), e.getMessage());
        outbox.fail(CloseCodes.BACKPLANE_UNAVAILABLE, UNREACHABLE);
    }

    /** Reports how a leave told to Redis without waiting ended; a failure leaves the claim to its lease. */
    private static void letGo(java.util.concurrent.CompletionStage<Boolean> leave, Claim claim) {
        leave.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.log(Level.INFO, "redis | leave | {0} expires with its lease: {1}", claim,
                        String.valueOf(failure.getMessage()));
            }
        });
    }

    /** Redis has been unreachable for a whole command timeout: every member here is told and resumes later. */
    private void checkOutage() {
        if (node.isUp() || closed.get()) {
            return;
        }
        List<Fanout> all = new ArrayList<>(rooms.values());
        all.addAll(boards.values());
        int members = 0;
        for (Fanout f : all) {
            members += f.size();
        }
        LOG.log(Level.WARNING, "redis | unreachable | closing {0} members in {1} rooms and boards here (1011); joins"
                + " are refused until Redis is back", members, all.size());
        for (Fanout f : all) {
            f.closeAll(CloseCodes.BACKPLANE_UNAVAILABLE, UNREACHABLE, true);
        }
    }

    private String connectionId() {
        return "c" + connections.incrementAndGet();
    }

    private String encode(ServerMessage m) {
        try {
            return json.encode(m);
        } catch (EncodeException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the backplane: the members' claims are released in Redis (each leaves, as when members leave; see
     * {@link RedisNode#close()}), the subscriptions and connections closed. The members' connections are the
     * container's to close. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        watch.shutdownNow();
        node.close();
    }

    @Override
    public String toString() {
        return "RedisBackplane[" + node + "]";
    }
}
