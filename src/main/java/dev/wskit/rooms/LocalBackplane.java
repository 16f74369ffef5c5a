package dev.wskit.rooms;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.Strokes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Rooms and boards in this JVM: the default {@link Backplane}. A room or board opens with its first member and ends
 * with its last (its history goes with it); at most {@code wskit.rooms.maxRooms} of each exist at once.
 *
 * <p>Threading: thread-safe. Joins and leaves take this backplane's lock (so a room cannot end while someone joins
 * it) and then the room's; messages take only the room's. Outboxes are flushed after both are released.
 */
public final class LocalBackplane implements Backplane {

    private final RoomLimits limits;
    private final LongSupplier clock;
    private final Map<String, Room> rooms = new HashMap<>();
    private final Map<String, Board> boards = new HashMap<>();

    public LocalBackplane(RoomLimits limits) {
        this(limits, System::currentTimeMillis);
    }

    public LocalBackplane(RoomLimits limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public synchronized int roomCount() {
        return rooms.size();
    }

    public synchronized int boardCount() {
        return boards.size();
    }

    /** The room, if open; for tests and metrics. */
    public synchronized Room room(String name) {
        return rooms.get(name);
    }

    @Override
    public RoomMember joinRoom(String name, String nick, Outbox outbox, Long since) throws Refused {
        Room room;
        List<Outbox> flush;
        synchronized (this) {
            room = rooms.get(name);
            if (room == null) {
                if (rooms.size() >= limits.maxRooms()) {
                    throw Refused.close(CloseCodes.TOO_MANY_ROOMS, "this server has its limit of " + limits.maxRooms()
                            + " rooms open (wskit.rooms.maxRooms)");
                }
                room = new Room(name, limits, clock);
            }
            flush = room.joinLocked(nick, outbox, since);
            rooms.put(name, room);
        }
        Room joined = room;
        RoomMember member = new RoomMember() {
            @Override
            public void say(String text) {
                joined.say(nick, text);
            }

            @Override
            public void attach(Attachment attachment) {
                joined.attach(nick, attachment);
            }

            @Override
            public void history(long since) {
                joined.replay(outbox, since);
            }

            @Override
            public void leave() {
                List<Outbox> after;
                synchronized (LocalBackplane.this) {
                    after = joined.leaveLocked(nick, outbox);
                    if (joined.size() == 0 && rooms.get(joined.name()) == joined) {
                        rooms.remove(joined.name());
                    }
                }
                Room.flushAll(after);
            }
        };
        // A member closed for falling behind leaves at once, not when its connection finally closes.
        outbox.onDeath(member::leave);
        Room.flushAll(flush);
        return member;
    }

    @Override
    public BoardMember joinBoard(String name, Outbox outbox) throws Refused {
        Board board;
        List<Outbox> flush;
        synchronized (this) {
            board = boards.get(name);
            if (board == null) {
                if (boards.size() >= limits.maxRooms()) {
                    throw Refused.close(CloseCodes.TOO_MANY_ROOMS, "this server has its limit of " + limits.maxRooms()
                            + " boards open (wskit.rooms.maxRooms)");
                }
                board = new Board(name, limits);
            }
            flush = board.joinLocked(outbox);
            boards.put(name, board);
        }
        Board joined = board;
        BoardMember member = new BoardMember() {
            @Override
            public void draw(Strokes strokes) throws Refused {
                joined.draw(outbox, strokes);
            }

            @Override
            public void leave() {
                synchronized (LocalBackplane.this) {
                    if (joined.leaveLocked(outbox) && boards.get(joined.name()) == joined) {
                        boards.remove(joined.name());
                    }
                }
            }
        };
        outbox.onDeath(member::leave);
        Room.flushAll(flush);
        return member;
    }
}
