package dev.wskit.codec;

import java.util.List;
import java.util.Objects;

/**
 * What a room sends, as JSON text. Broadcasts ({@link Said}, {@link Presence}) carry the room's sequence number
 * and the server time in epoch milliseconds. Replies to one member about the numbering ({@code here}, {@link History},
 * {@link Gap}) carry its {@code epoch}: the id of the room's numbering, which changes when the numbering restarts
 * (the room ended and was opened again, or the backplane lost it), so a client resuming with its {@code since} and
 * epoch is told when its numbers no longer mean anything. Immutable.
 */
public sealed interface ServerMessage
        permits ServerMessage.Said, ServerMessage.Presence, ServerMessage.History, ServerMessage.Gap, ServerMessage.Error {

    /** {@code {"type":"say","room":"lobby","seq":7,"time":1700000000000,"nick":"alice","text":"hello"}} */
    record Said(String room, long seq, long time, String nick, String text) implements ServerMessage {
        public Said {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(nick, "nick");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * {@code {"type":"presence","room":"lobby","seq":8,"time":...,"event":"join","nick":"bob"}}: someone joined or left
     * (broadcast). To the joiner alone, right after its own join, event {@code here} lists everyone present in
     * {@code members}, carries the join's {@code seq} and the room's {@code epoch}. {@code members} is empty (and not
     * sent) for join and leave, so a join costs O(1), not O(members), per member; so is {@code epoch} (null), so the
     * broadcasts stay byte for byte what every backplane builds.
     */
    record Presence(String room, long seq, long time, String event, String nick, List<String> members, String epoch)
            implements ServerMessage {
        public Presence {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(nick, "nick");
            members = List.copyOf(members);
        }

        /** A presence without an epoch: {@code join} and {@code leave}. */
        public Presence(String room, long seq, long time, String event, String nick, List<String> members) {
            this(room, seq, time, event, nick, members, null);
        }
    }

    /**
     * {@code {"type":"history","room":"lobby","since":5,"count":2,"time":...,"epoch":"9f86d081884c7d65"}}: the next
     * {@code count} messages are replayed from history, each exactly as first sent (its own sequence number),
     * attachments as binary messages; {@code epoch} names the numbering they belong to (null: not sent).
     */
    record History(String room, long since, int count, long time, String epoch) implements ServerMessage {
        public History {
            Objects.requireNonNull(room, "room");
        }

        public History(String room, long since, int count, long time) {
            this(room, since, count, time, null);
        }
    }

    /**
     * {@code {"type":"gap","room":"lobby","since":5,"first":40,"time":...,"epoch":"...","restarted":false}}: messages
     * after {@code since} and before {@code first} are no longer in history and are lost to this client; {@code first}
     * is the oldest replayable one (or the next to come, when history holds nothing after {@code since}). With
     * {@code restarted} the room's numbering restarted since the client's {@code since} (another {@code epoch}, or a
     * {@code since} beyond the room's last number): everything the client saw is gone, and all of history follows.
     */
    record Gap(String room, long since, long first, long time, String epoch, boolean restarted) implements ServerMessage {
        public Gap {
            Objects.requireNonNull(room, "room");
        }

        public Gap(String room, long since, long first, long time) {
            this(room, since, first, time, null, false);
        }
    }

    /** {@code {"type":"error","code":"bad-message","message":"...","time":...}}: a request was refused; the connection stays. */
    record Error(String code, String message, long time) implements ServerMessage {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
