package dev.wskit.client.rooms;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.ServerMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns room traffic into one readable line each and keeps what {@code rooms} must remember across reconnects:
 * the last sequence number seen ({@link LastSeen}, for resume) and who is in the room (for {@code /who}). Lines for
 * the room start with {@code [seq]} or {@code !} (gap, error); lines starting with {@code * } are status.
 *
 * <p>Not thread-safe: used by the command's loop only.
 */
final class RoomPrinter {

    private final LastSeen lastSeen = new LastSeen();
    private final List<String> members = new ArrayList<>();

    /** The last sequence number seen, 0 before any. */
    long lastSeq() {
        return lastSeen.seq();
    }

    /** The epoch of the room's numbering it belongs to, null before the room named one. */
    String lastEpoch() {
        return lastSeen.epoch();
    }

    String line(ServerMessage message, String me) {
        lastSeen.seen(message);
        if (message instanceof ServerMessage.Said s) {
            return "[" + s.seq() + "] " + s.nick() + ": " + s.text();
        }
        if (message instanceof ServerMessage.Presence p) {
            switch (p.event()) {
                case "here" -> {
                    members.clear();
                    members.addAll(p.members());
                    return "* in the room: " + String.join(", ", members);
                }
                case "join" -> {
                    if (!members.contains(p.nick())) {
                        members.add(p.nick());
                    }
                    return "[" + p.seq() + "] * " + p.nick() + " joined" + (p.nick().equals(me) ? " (you)" : "");
                }
                case "leave" -> {
                    members.remove(p.nick());
                    return "[" + p.seq() + "] * " + p.nick() + " left";
                }
                default -> {
                    return "[" + p.seq() + "] * " + p.nick() + " " + p.event();
                }
            }
        }
        if (message instanceof ServerMessage.History h) {
            return "* replaying " + h.count() + (h.count() == 1 ? " message" : " messages") + " after " + h.since();
        }
        if (message instanceof ServerMessage.Gap g) {
            if (LastSeen.restarted(g)) {
                return "! gap: the room restarted since message " + g.since() + " (it was emptied and reopened, or"
                        + " its server lost it); what was said in between is lost, numbering restarted at " + g.first();
            }
            return "! gap: messages " + (g.since() + 1) + " to " + (g.first() - 1)
                    + " are lost (no longer in the room's history)";
        }
        ServerMessage.Error e = (ServerMessage.Error) message;
        return "! error " + e.code() + ": " + e.message();
    }

    String line(Attachment a) {
        lastSeen.seen(a);
        return "[" + a.seq() + "] " + a.sender() + " sent " + a.name() + " (" + a.mediaType() + ", " + a.data().remaining() + " B)";
    }

    String who() {
        return "* in the room: " + (members.isEmpty() ? "nobody (not joined)" : String.join(", ", members));
    }
}
