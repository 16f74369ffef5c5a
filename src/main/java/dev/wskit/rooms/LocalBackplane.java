package dev.wskit.rooms;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.Strokes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Rooms and boards in this JVM: the default {@link Backplane}. A room or board opens with its first member and ends
 * with its last (its history goes with it); at most {@code wskit.rooms.maxRooms} of each exist at once.
 *
 * <p>Locking is per room: a join or leave takes only its own room's (or board's) lock, so joins to different rooms
 * never wait for each other. A room ends under its own lock, when its last member leaves: it is marked ended and
 * removed from the map in one step, so a join that found it a moment earlier sees it has ended once it holds the
 * lock, and opens a fresh room (numbers restarted) instead of joining one that is gone. The count of open rooms is
 * reserved before a room is created and released when it ends, so it never passes the limit. What is expensive and
 * concerns only the joiner (the member list, a board's snapshot) is built after the lock is released, into a place
 * reserved in the joiner's outbox (see {@link Outbox#reserve}).
 *
 * <p>A member's death action (leave when its outbox dies) is registered before the member is added, so a member
 * closed at any moment after that leaves its room.
 *
 * <p>Threading: thread-safe. The maps are concurrent; each room's and board's state is guarded by its own monitor;
 * outboxes are flushed after every lock is released.
 */
public final class LocalBackplane implements Backplane {

    /** Points of a join, for tests that force an interleaving ({@link #probe}). */
    enum Step {
        /** The room was looked up (or opened); its lock is not held yet. */
        FOUND,
        /** The room's lock is held, the member not added yet. */
        LOCKED,
        /** The member was added and the lock released; what it must receive first is not built yet. */
        JOINED
    }

    /** Called at each {@link Step} of every join, with the room's or board's name. For tests; must not throw. */
    interface Probe {
        void at(Step step, String name);
    }

    private final RoomLimits limits;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Board> boards = new ConcurrentHashMap<>();
    private final AtomicInteger openRooms = new AtomicInteger();
    private final AtomicInteger openBoards = new AtomicInteger();
    private volatile Probe probe = (step, name) -> { };

    public LocalBackplane(RoomLimits limits) {
        this(limits, System::currentTimeMillis);
    }

    public LocalBackplane(RoomLimits limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public int roomCount() {
        return rooms.size();
    }

    public int boardCount() {
        return boards.size();
    }

    /** Members of every room, for metrics. */
    public int roomMembers() {
        int n = 0;
        for (Room r : rooms.values()) {
            n += r.size();
        }
        return n;
    }

    /** Members of every board, for metrics. */
    public int boardMembers() {
        int n = 0;
        for (Board b : boards.values()) {
            n += b.size();
        }
        return n;
    }

    /** The room, if open; for tests and metrics. */
    public Room room(String name) {
        return rooms.get(name);
    }

    /** Installs a probe called at each step of every join (tests only). */
    void probe(Probe probe) {
        this.probe = probe;
    }

    @Override
    public RoomMember joinRoom(String name, String nick, Outbox outbox, Long since, String epoch) throws Refused {
        LocalRoomMember member = new LocalRoomMember(nick, outbox);
        // Before the member can receive anything: a member closed from now on leaves its room.
        Runnable leave = member::leave;
        outbox.onDeath(leave);
        try {
            return joinRoom(name, nick, outbox, since, epoch, member);
        } catch (Refused | RuntimeException e) {
            outbox.forget(leave); // a connection may try other nicks: refused joins leave nothing behind
            throw e;
        }
    }

    private RoomMember joinRoom(String name, String nick, Outbox outbox, Long since, String epoch,
            LocalRoomMember member) throws Refused {
        while (true) {
            Room room = rooms.computeIfAbsent(name,
                    n -> limits.reservePlace(openRooms) ? new Room(n, limits, clock) : null);
            if (room == null) {
                throw limits.tooMany("room");
            }
            probe.at(Step.FOUND, name);
            Room.Joined joined;
            synchronized (room) {
                if (room.isEnded()) {
                    continue; // its last member left after we found it: open it again
                }
                probe.at(Step.LOCKED, name);
                try {
                    member.room = room;
                    joined = room.joinLocked(nick, outbox, since, epoch);
                } finally {
                    endIfEmpty(room);
                }
            }
            probe.at(Step.JOINED, name);
            room.welcome(joined);
            return member;
        }
    }

    @Override
    public BoardMember joinBoard(String name, Outbox outbox) throws Refused {
        LocalBoardMember member = new LocalBoardMember(outbox);
        Runnable leave = member::leave;
        outbox.onDeath(leave);
        try {
            return joinBoard(name, outbox, member);
        } catch (Refused | RuntimeException e) {
            outbox.forget(leave);
            throw e;
        }
    }

    private BoardMember joinBoard(String name, Outbox outbox, LocalBoardMember member) throws Refused {
        while (true) {
            Board board = boards.computeIfAbsent(name,
                    n -> limits.reservePlace(openBoards) ? new Board(n, limits) : null);
            if (board == null) {
                throw limits.tooMany("board");
            }
            probe.at(Step.FOUND, name);
            Board.Joined joined;
            synchronized (board) {
                if (board.isEnded()) {
                    continue;
                }
                probe.at(Step.LOCKED, name);
                try {
                    member.board = board;
                    joined = board.joinLocked(outbox);
                } finally {
                    endIfEmpty(board);
                }
            }
            probe.at(Step.JOINED, name);
            board.welcome(joined);
            return member;
        }
    }

    /** Under the room's lock: a room left empty (its last member left, or its first join failed) ends now. */
    private void endIfEmpty(Room room) {
        if (room.endIfEmptyLocked() && rooms.remove(room.name(), room)) {
            openRooms.decrementAndGet();
        }
    }

    private void endIfEmpty(Board board) {
        if (board.endIfEmptyLocked() && boards.remove(board.name(), board)) {
            openBoards.decrementAndGet();
        }
    }

    /** A member of a room here. Thread-safe: {@code room} is set under the room's lock before the member is added. */
    private final class LocalRoomMember implements RoomMember {
        private final String nick;
        private final Outbox outbox;
        private volatile Room room;

        LocalRoomMember(String nick, Outbox outbox) {
            this.nick = nick;
            this.outbox = outbox;
        }

        @Override
        public void say(String text) {
            Room r = room;
            if (r != null) {
                r.say(nick, text);
            }
        }

        @Override
        public void attach(Attachment attachment) {
            Room r = room;
            if (r != null) {
                r.attach(nick, attachment);
            }
        }

        @Override
        public void history(long since, String epoch) {
            Room r = room;
            if (r != null) {
                r.replay(outbox, since, epoch);
            }
        }

        @Override
        public void leave() {
            Room r = room;
            if (r == null) {
                return;
            }
            java.util.List<Outbox> after;
            synchronized (r) {
                after = r.leaveLocked(nick, outbox);
                endIfEmpty(r);
            }
            Room.flushAll(after);
        }
    }

    /** A member of a board here. Thread-safe like {@link LocalRoomMember}. */
    private final class LocalBoardMember implements BoardMember {
        private final Outbox outbox;
        private volatile Board board;

        LocalBoardMember(Outbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public void draw(Strokes strokes) throws Refused {
            Board b = board;
            if (b != null) {
                b.draw(outbox, strokes);
            }
        }

        @Override
        public void leave() {
            Board b = board;
            if (b == null) {
                return;
            }
            synchronized (b) {
                b.leaveLocked(outbox);
                endIfEmpty(b);
            }
        }
    }
}
