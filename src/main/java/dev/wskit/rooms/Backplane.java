package dev.wskit.rooms;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.Strokes;

/**
 * The seam between the endpoints and where rooms and boards live. {@link LocalBackplane} keeps them in this JVM; a
 * distributed implementation (a broker, a database) can replace it without touching the endpoints, which see only
 * this interface and the {@link Outbox} they give it.
 *
 * <p>Implementations are thread-safe and never send on the caller's behalf while holding a lock.
 */
public interface Backplane {

    /**
     * Joins {@code nick} to {@code room} (opening the room if needed). When {@code since} is given, the member first
     * receives what history holds after it (with a gap message if that is not everything).
     *
     * @throws Refused nick taken (error), room or server full (a close)
     */
    RoomMember joinRoom(String room, String nick, Outbox outbox, Long since) throws Refused;

    /** Joins a board (opening it if needed); the member first receives the board's state. */
    BoardMember joinBoard(String board, Outbox outbox) throws Refused;

    /** One member of a room. Thread-safe. */
    interface RoomMember {
        void say(String text);

        void attach(Attachment attachment);

        void history(long since);

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
