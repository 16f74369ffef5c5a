package dev.wskit.client.rooms;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.ServerMessage;

/**
 * The last of a room's sequence numbers a member has seen: what it sends as {@code since} when it joins again, so
 * that the room replays exactly what it missed. A {@code gap} whose first number is not above {@code since} means
 * the room emptied and reopened (numbering restarted): the count starts over below the room's first number.
 *
 * <p>Not thread-safe: fed by one connection's messages at a time.
 */
public final class LastSeen {

    private long seq;

    /** The last sequence number seen, 0 before any. */
    public long seq() {
        return seq;
    }

    /** Takes note of a message from the room (a {@link ServerMessage} or an {@link Attachment}). */
    public void seen(Object message) {
        if (message instanceof ServerMessage.Said s) {
            advance(s.seq());
        } else if (message instanceof ServerMessage.Presence p && !p.event().equals("here")) {
            advance(p.seq());
        } else if (message instanceof Attachment a) {
            advance(a.seq());
        } else if (message instanceof ServerMessage.Gap g && restarted(g)) {
            seq = g.first() - 1;
        }
    }

    /** Whether a gap says the room emptied and reopened since, its numbers restarting below ours. */
    static boolean restarted(ServerMessage.Gap gap) {
        return gap.first() <= gap.since();
    }

    private void advance(long seen) {
        seq = Math.max(seq, seen);
    }
}
