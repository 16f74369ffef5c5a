package dev.wskit.client.rooms;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.ServerMessage;

/**
 * The last of a room's sequence numbers a member has seen, and the epoch (the id of the room's numbering) it saw it
 * in: what it sends as {@code since} and {@code epoch} when it joins again, so that the room replays exactly what it
 * missed. A restarted {@code gap} (the room emptied and reopened, or the backplane lost it: numbering restarted) makes
 * the count start over below the room's first number, in the gap's epoch.
 *
 * <p>Not thread-safe: fed by one connection's messages at a time.
 */
public final class LastSeen {

    private long seq;
    private String epoch;

    /** The last sequence number seen, 0 before any. */
    public long seq() {
        return seq;
    }

    /** The epoch of the numbering {@link #seq()} belongs to; null before the room named one. */
    public String epoch() {
        return epoch;
    }

    /** Takes note of a message from the room (a {@link ServerMessage} or an {@link Attachment}). */
    public void seen(Object message) {
        if (message instanceof ServerMessage.Said s) {
            advance(s.seq());
        } else if (message instanceof ServerMessage.Presence p && !p.event().equals("here")) {
            advance(p.seq());
        } else if (message instanceof Attachment a) {
            advance(a.seq());
        } else if (message instanceof ServerMessage.Presence p && p.epoch() != null) {
            epoch = p.epoch(); // here: the numbering our join belongs to
        } else if (message instanceof ServerMessage.Gap g && restarted(g)) {
            seq = g.first() - 1;
        }
        String named = message instanceof ServerMessage.Gap g ? g.epoch()
                : message instanceof ServerMessage.History h ? h.epoch() : null;
        if (named != null) {
            epoch = named;
        }
    }

    /**
     * Whether a gap says the room's numbering restarted since (it emptied and reopened, or the backplane lost it):
     * what we saw is gone, numbers start again below ours. A server without epochs says so by a first number not above
     * {@code since}.
     */
    public static boolean restarted(ServerMessage.Gap gap) {
        return gap.restarted() || gap.first() <= gap.since();
    }

    private void advance(long seen) {
        seq = Math.max(seq, seen);
    }
}
