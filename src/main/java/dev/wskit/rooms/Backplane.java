package dev.wskit.rooms;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.Strokes;

/**
 * The seam between the endpoints and where rooms and boards live. {@link LocalBackplane} keeps them in this JVM; a
 * distributed implementation (a broker, a database) can replace it without touching the endpoints, which see only
 * this interface and the {@link Outbox} they give it.
 *
 * <p><b>Threading contract.</b> Every implementation must keep these; the endpoints and the tests rely on them.
 * <ul>
 *   <li>Thread-safe. {@code joinRoom}, {@code joinBoard} and the members' {@code say}, {@code attach},
 *       {@code history} and {@code draw} are called on the member's container thread, one event at a time per
 *       connection, concurrently across connections; {@code leave} may be called on any thread (the connection's
 *       close, or a death action run by a publisher's or a send completion's thread) and must be idempotent.</li>
 *   <li>Never block on the network, never send and never close while holding a lock. Queue to outboxes with
 *       {@link Outbox#offer} (allowed under a lock) and start sends with {@link Outbox#flush} after every lock is
 *       released. Joins and leaves of different rooms must not wait for each other (no server-wide lock).</li>
 *   <li>Register the member's leave as a death action ({@link Outbox#onDeath}) <i>before</i> anything is offered to
 *       its outbox, and forget it ({@link Outbox#forget}) when the join is refused: a member whose queue overflows at
 *       any moment then leaves, and refused joins leave nothing behind. Death actions run on whichever thread
 *       reports the death, outside every lock, iteratively (a leave that overflows others queues their deaths behind
 *       it), so a leave may be called from inside another member's flush.</li>
 *   <li>One order: every member of a room or board receives its broadcasts in the same order, numbered by one
 *       sequence, each publisher's in the order sent. What a joiner must receive first (history, member list, board
 *       snapshot) comes before any broadcast that follows its join; build it outside locks into a place reserved in
 *       its outbox ({@link Outbox#reserve}, {@link Outbox#fill}) when it is expensive.</li>
 *   <li>A room or board ends with its last member; a join racing the last leave never joins one that has ended (it
 *       opens a new one, numbers restarted); at most {@code wskit.rooms.maxRooms} of each exist.</li>
 * </ul>
 */
public interface Backplane extends AutoCloseable {

    /**
     * Joins {@code nick} to {@code room} (opening the room if needed). When {@code since} is given, the member first
     * receives what history holds after it (with a gap message if that is not everything, and a restarted gap then
     * all of history when the room's numbering is no longer {@code epoch}, the one the client saw {@code since} in,
     * or when {@code since} is beyond the room's last number). Its {@code here} names the room's current epoch.
     *
     * @throws Refused nick taken (error), room or server full, backplane unavailable (a close)
     */
    RoomMember joinRoom(String room, String nick, Outbox outbox, Long since, String epoch) throws Refused;

    /** As {@link #joinRoom(String, String, Outbox, Long, String)} without a client epoch. */
    default RoomMember joinRoom(String room, String nick, Outbox outbox, Long since) throws Refused {
        return joinRoom(room, nick, outbox, since, null);
    }

    /** Joins a board (opening it if needed); the member first receives the board's state. */
    BoardMember joinBoard(String board, Outbox outbox) throws Refused;

    /**
     * Whether this backplane can take members now, for readiness ({@code /health/ready}'s {@code backplane} check): a
     * distributed one is not while its store is unreachable. The local one always can. Quick, never blocks.
     */
    default boolean isUp() {
        return true;
    }

    /** Stops what the backplane runs (connections, threads); members still connected are left to their connections. */
    @Override
    default void close() {
    }

    /** One member of a room. Thread-safe. */
    interface RoomMember {
        void say(String text);

        void attach(Attachment attachment);

        /** What history holds after {@code since} of numbering {@code epoch} (null: the current one), as for a join. */
        void history(long since, String epoch);

        default void history(long since) {
            history(since, null);
        }

        /** Idempotent. */
        void leave();
    }

    /** One member of a board. Thread-safe. */
    interface BoardMember {
        void draw(Strokes strokes) throws Refused;

        /** Idempotent. */
        void leave();
    }
}
